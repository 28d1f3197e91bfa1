"""Data files once stored: who sees them, readiness, deletion, consent, carrying over."""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.db.models.fields.files import FieldFile

from biafed.common import activity
from biafed.common.states import move
from biafed.intake.models import LIVE_STATUSES, DataFile, FileStatus
from biafed.intake.registry import content_type_of, for_object, registered
from biafed.people.models import User
from biafed.people.rules import is_staff_member


def files_for(target: Model) -> QuerySet[DataFile]:
    """The files of `target` a person can see listed (not the deleted ones)."""
    return DataFile.objects.filter(
        content_type=content_type_of(target), object_id=target.pk, status__in=LIVE_STATUSES
    ).select_related("uploaded_by")


def is_ready(target: Model) -> bool:
    """Ready for the session: at least one file of `target` passed the check."""
    return files_for(target).filter(status=FileStatus.VALID).exists()


def visible_files(user: User) -> QuerySet[DataFile]:
    """The files `user` may see: the queryset form of `intake.view_file`."""
    qs = DataFile.objects.filter(status__in=LIVE_STATUSES)
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    allowed = Q(pk__in=[])
    for entry in registered():
        if entry.visible is None:
            continue
        allowed |= Q(
            content_type=content_type_of_model(entry.model),
            object_id__in=entry.visible(user).values("pk"),
        )
    return qs.filter(allowed)


def content_type_of_model(model: type[Model]) -> ContentType:
    return ContentType.objects.get_for_model(model)


def can_view(user: User, data_file: DataFile) -> bool:
    target = data_file.target
    return target is not None and for_object(target).can_view(user, target)


def can_delete(user: User, data_file: DataFile) -> bool:
    target = data_file.target
    return target is not None and for_object(target).can_delete(user, target)


def keep_consent_of(target: Model) -> bool:
    return files_for(target).filter(keep_after_session=True).exists()


def after_files_changed(target: Model, *, actor: User | None) -> None:
    """Let the target's app react (e.g. a booking becomes ready); inside the transaction."""
    hook = for_object(target).on_change
    if hook is not None:
        hook(target, actor)


def drop_unshared(names: Iterable[str | None]) -> None:
    """Delete the stored `names` (files, previews) that no live DataFile refers to any more."""
    live = DataFile.objects.filter(status__in=LIVE_STATUSES)
    for name in {n for n in names if n}:
        if not live.filter(Q(file=name) | Q(thumbnail=name) | Q(composite=name)).exists():
            default_storage.delete(name)


def drop_cached_planes(data_file_id: int) -> None:
    """Delete the viewer planes cached for a file (`views.viewer.plane_name`)."""
    plane_dir = f"intake/planes/{data_file_id}"
    try:
        _dirs, cached = default_storage.listdir(plane_dir)
    except (FileNotFoundError, NotImplementedError):
        cached = []
    for name in cached:
        default_storage.delete(f"{plane_dir}/{name}")


def _drop_bytes(data_file: DataFile) -> None:
    """Remove the stored bytes and previews that no other live DataFile shares
    (`link_files` makes rows that share them), and the cached viewer planes."""
    drop_unshared([getattr(data_file, field).name for field in ("file", "thumbnail", "composite")])
    drop_cached_planes(data_file.pk)


FOLLOWED = (
    "file",
    "status",
    "format",
    "metadata",
    "members",
    "reason",
    "thumbnail",
    "composite",
    "checked_at",
)
"""What a linked copy takes from its original: where the bytes are, the check's results."""


def follow(original: DataFile) -> tuple[list[DataFile], set[str]]:
    """Bring the live copies linked from `original` in step with it (stored name, status,
    metadata, previews); inside the transaction that changed `original`, with its row locked.

    Returns the copies changed and the preview names they no longer use."""
    if original.status not in LIVE_STATUSES:
        return [], set()
    copies = list(
        DataFile.objects.select_for_update().filter(linked_from=original, status__in=LIVE_STATUSES)
    )
    replaced = set()
    for copy in copies:
        replaced |= {copy.thumbnail.name, copy.composite.name}
        for field in FOLLOWED:
            value = getattr(original, field)
            setattr(copy, field, value.name if isinstance(value, FieldFile) else value)
    if copies:
        DataFile.objects.bulk_update(copies, FOLLOWED)
    used = {original.thumbnail.name, original.composite.name}
    return copies, {n for n in replaced - used if n}


def delete_file(*, actor: User | None, data_file: DataFile, reason: str = "deleted") -> DataFile:
    """Delete a file's bytes and previews; the row stays as a record ("deleted").

    The requester may do this at any time; the bytes go once the transaction commits."""
    target = data_file.target
    if actor is not None and not can_delete(actor, data_file):
        raise PermissionDenied
    with transaction.atomic():
        locked = DataFile.objects.select_for_update().get(pk=data_file.pk)
        if locked.status == FileStatus.DELETED:
            return locked
        move(locked, FileStatus.DELETED, actor=actor, verb=reason, detail=locked.original_name)
        if target is not None:
            after_files_changed(target, actor=actor)
        transaction.on_commit(lambda: _drop_bytes(locked))
    return locked


def set_keep(*, actor: User, target: Model, keep: bool) -> int:
    """The requester agrees (or no longer agrees) that the files of `target` are kept
    after the retention period."""
    if not for_object(target).can_consent(actor, target):
        raise PermissionDenied
    with transaction.atomic():
        changed = files_for(target).update(keep_after_session=keep)
        activity.record(
            actor=actor, verb="keep files" if keep else "files may be deleted", subject=target
        )
    return changed


def link_files(*, actor: User, source: Model, target: Model) -> list[DataFile]:
    """Carry the live files of `source` (a booking) over to `target` (a project request),
    without copying bytes: the new rows share the stored file and the check results.

    A file still being stored or checked is carried over too, with its status: the copy
    follows its original (`follow`), and shows what the original shows once it is done."""
    if not for_object(source).can_view(actor, source):
        raise PermissionDenied
    for_object(target)  # refuse a target that is not attachable
    ct = content_type_of(target)
    linked = []
    with transaction.atomic():
        there = files_for(target)
        existing = set(there.values_list("file", flat=True))
        followed = set(there.exclude(linked_from=None).values_list("linked_from", flat=True))
        # Locked: a check or a copy into storage finishing meanwhile waits for this one,
        # then brings the new copies in step with their original.
        originals = files_for(source).select_for_update(of=("self",)).select_related("linked_from")
        for original in originals:
            root = original.linked_from if original.linked_from_id else None
            root = root if root is not None and root.status in LIVE_STATUSES else original
            if original.file.name in existing or root.pk in followed:
                continue
            copy = DataFile.objects.create(
                content_type=ct,
                object_id=target.pk,
                file=original.file.name,
                original_name=original.original_name,
                size=original.size,
                sha256=original.sha256,
                uploaded_by=original.uploaded_by,
                uploaded_at=original.uploaded_at,
                status=original.status,
                format=original.format,
                metadata=original.metadata,
                members=original.members,
                reason=original.reason,
                thumbnail=original.thumbnail.name,
                composite=original.composite.name,
                checked_at=original.checked_at,
                keep_after_session=original.keep_after_session,
                linked_from=root,
            )
            linked.append(copy)
        if linked:
            activity.record(
                actor=actor,
                verb="linked files",
                subject=target,
                detail=f"{len(linked)} from {source}",
            )
            after_files_changed(target, actor=actor)
    return linked


READINESS = ("ready", "checking", "unreadable", "missing")


def readiness(objects: QuerySet[Any]) -> dict[str, Any]:
    """Data readiness of a queryset of attachable objects, in one query:
    {"ready": n, "checking": n, "unreadable": n, "missing": n, "by_id": {pk: state}}.

    ready: a file passed its check; checking: files still being checked; unreadable:
    only unreadable files; missing: no file."""

    ct = content_type_of_model(objects.model)
    files = DataFile.objects.filter(content_type=ct, object_id=OuterRef("pk"))
    rows = objects.annotate(
        _valid=Exists(files.filter(status=FileStatus.VALID)),
        _waiting=Exists(
            files.filter(
                status__in=(FileStatus.UPLOADING, FileStatus.RECEIVED, FileStatus.VALIDATING)
            )
        ),
        _unreadable=Exists(files.filter(status=FileStatus.UNREADABLE)),
    ).values_list("pk", "_valid", "_waiting", "_unreadable")
    result: dict[str, Any] = {state: 0 for state in READINESS}
    by_id = {}
    for pk, valid, waiting, unreadable in rows:
        state = (
            "ready"
            if valid
            else "checking"
            if waiting
            else "unreadable"
            if unreadable
            else "missing"
        )
        by_id[pk] = state
        result[state] += 1
    result["by_id"] = by_id
    result["total"] = len(by_id)
    return result
