"""Limits per file, per target (a booking) and per person (quota), checked before any byte."""

from typing import Any

from django.conf import settings
from django.db.models import Count, Model, QuerySet, Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.intake.errors import LimitExceeded
from biafed.intake.models import LIVE_STATUSES, DataFile, Upload
from biafed.intake.registry import content_type_of, for_object
from biafed.people.models import User

MB = 1024 * 1024


def _pending_uploads() -> QuerySet[Upload]:
    return Upload.objects.filter(completed_at__isnull=True, expires_at__gt=timezone.now())


def target_usage(target: Model) -> tuple[int, int]:
    """(files, bytes) held or being uploaded for `target`."""
    where = {"content_type": content_type_of(target), "object_id": target.pk}
    files = DataFile.objects.filter(status__in=LIVE_STATUSES, **where).aggregate(
        n=Count("id"), size=Sum("size")
    )
    pending = _pending_uploads().filter(**where).aggregate(n=Count("id"), size=Sum("length"))
    return (
        (files["n"] or 0) + (pending["n"] or 0),
        (files["size"] or 0) + (pending["size"] or 0),
    )


def person_usage(person: User) -> int:
    """Bytes of `person`'s files (all their targets) plus their uploads in progress."""
    files = DataFile.objects.filter(status__in=LIVE_STATUSES, uploaded_by=person).aggregate(
        size=Sum("size")
    )["size"]
    pending = _pending_uploads().filter(owner=person).aggregate(size=Sum("length"))["size"]
    return (files or 0) + (pending or 0)


def limits() -> dict:
    return {
        "file": settings.INTAKE_MAX_FILE_MB * MB,
        "target": settings.INTAKE_MAX_TARGET_MB * MB,
        "files": settings.INTAKE_MAX_FILES_PER_TARGET,
        "quota": settings.INTAKE_QUOTA_MB * MB,
    }


def check_limits(*, person: User, target: Model, name: str, size: int) -> None:
    """Refuse, with the reason in plain words, an upload that would break a limit."""
    limit = limits()
    label = str(for_object(target).label(target))
    if size <= 0:
        raise LimitExceeded(_("“%(name)s” is empty.") % {"name": name})
    if size > limit["file"]:
        raise LimitExceeded(
            _(
                "“%(name)s” is %(size)s; the limit is %(limit)s per file. Upload a representative "
                "crop or a few planes instead."
            )
            % {"name": name, "size": filesizeformat(size), "limit": filesizeformat(limit["file"])}
        )
    count, used = target_usage(target)
    if count >= limit["files"]:
        raise LimitExceeded(
            ngettext(
                "“%(target)s” already holds %(n)s file, the most it can; remove one first.",
                "“%(target)s” already holds %(n)s files, the most it can; remove some first.",
                count,
            )
            % {"target": label, "n": count}
        )
    if used + size > limit["target"]:
        raise LimitExceeded(
            _(
                "“%(name)s” (%(size)s) would bring the data of “%(target)s” to %(total)s, over "
                "the limit of %(limit)s. Remove files or bring a smaller selection."
            )
            % {
                "name": name,
                "size": filesizeformat(size),
                "target": label,
                "total": filesizeformat(used + size),
                "limit": filesizeformat(limit["target"]),
            }
        )
    mine = person_usage(person)
    if mine + size > limit["quota"]:
        raise LimitExceeded(
            _(
                "Quota exceeded: your files take %(used)s of your %(quota)s quota; “%(name)s” "
                "(%(size)s) does not fit. Delete files you no longer need, then try again."
            )
            % {
                "used": filesizeformat(mine),
                "quota": filesizeformat(limit["quota"]),
                "name": name,
                "size": filesizeformat(size),
            }
        )


def usage_summary(*, person: User, target: Model) -> dict[str, Any]:
    count, used = target_usage(target)
    limit = limits()
    return {
        "target_files": count,
        "target_bytes": used,
        "person_bytes": person_usage(person) if person.is_authenticated else 0,
        **{f"max_{k}": v for k, v in limit.items()},
    }


__all__ = ["check_limits", "limits", "person_usage", "target_usage", "usage_summary"]
