"""The intake's part of a person's data (people.privacy registry) and the file access log.

The files of a booking or a project are deleted at closure by the app that owns the
target (`delete_files_of`); here: the files a person uploaded, the files they opened, and
their unfinished uploads."""

from datetime import timedelta

from django.db.models import Model, QuerySet
from django.utils import timezone

from biafed.intake import staging
from biafed.intake.models import LIVE_STATUSES, DataFile, FileAccess, Upload
from biafed.intake.registry import content_type_of
from biafed.intake.services.files import delete_file, files_for
from biafed.people.models import User

REPEAT_WINDOW = timedelta(minutes=10)
"""The same person opening the same file the same way again within this window is one
access (a thumbnail shown on every page of a visit is not a list of views)."""


def record_access(*, viewer: User, data_file: DataFile, kind: str) -> FileAccess | None:
    """Who downloaded, previewed or opened a file in the viewer, and when."""
    now = timezone.now()
    recent = FileAccess.objects.filter(
        data_file=data_file, viewer=viewer, kind=kind, at__gte=now - REPEAT_WINDOW
    )
    if recent.exists():
        return None
    return FileAccess.objects.create(data_file=data_file, viewer=viewer, kind=kind, at=now)


def accesses_to(target: Model) -> QuerySet:
    """The access log of a target's files (deleted ones too), newest first."""
    return (
        FileAccess.objects.filter(
            data_file__content_type=content_type_of(target), data_file__object_id=target.pk
        )
        .select_related("viewer", "data_file")
        .order_by("-at", "-id")
    )


def _file(data_file: DataFile) -> dict:
    return {
        "name": data_file.original_name,
        "size": data_file.size,
        "sha256": data_file.sha256,
        "uploaded_at": data_file.uploaded_at,
        "status": data_file.status,
        "format": data_file.format,
        "attached_to": f"{data_file.content_type.model} #{data_file.object_id}",
        "keep_after_session": data_file.keep_after_session,
        "delete_after": data_file.delete_after,
        "deleted_at": data_file.deleted_at,
    }


def export_files(user: User) -> dict:
    uploaded = DataFile.objects.filter(uploaded_by=user).select_related("content_type")
    opened = FileAccess.objects.filter(viewer=user).select_related("data_file")
    return {
        "uploaded": [_file(f) for f in uploaded],
        "opened": [
            {"file": a.data_file.original_name, "access": a.kind, "at": a.at} for a in opened
        ],
        "who_opened_your_files": [
            {
                "file": a.data_file.original_name,
                "by": str(a.viewer) if a.viewer else None,
                "access": a.kind,
                "at": a.at,
            }
            for a in FileAccess.objects.filter(data_file__uploaded_by=user)
            .exclude(viewer=user)
            .select_related("data_file", "viewer")
        ],
    }


def delete_files_of(target: Model, *, reason: str = "deleted at account closure") -> int:
    """Delete every live file of `target` (bytes and previews; the rows stay as records)."""
    live = list(files_for(target).filter(status__in=LIVE_STATUSES))
    for data_file in live:
        delete_file(actor=None, data_file=data_file, reason=reason)
    return len(live)


def erase_uploads(*, user: User, actor: User | None) -> None:
    """Unfinished uploads of the person stop and their staged bytes go."""
    for upload_id in Upload.objects.filter(owner=user, data_file__isnull=True).values_list(
        "pk", flat=True
    ):
        staging.discard_staged(upload_id)
    Upload.objects.filter(owner=user, data_file__isnull=True).delete()
