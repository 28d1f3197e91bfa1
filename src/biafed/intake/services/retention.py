"""Retention: files are deleted INTAKE_RETENTION_DAYS after the session, unless the
requester agreed to keep them, and never without a notice INTAKE_RETENTION_NOTICE_DAYS
before. Run by the periodic job; idempotent."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model, Q
from django.utils import timezone

from biafed.intake.models import LIVE_STATUSES, DataFile
from biafed.intake.registry import for_model
from biafed.intake.services.files import delete_file
from biafed.intake.services.notices import tell_retention


def due_date(target: Model) -> date | None:
    """The day the files of `target` become due for deletion, or None (no session)."""
    entry = for_model(type(target))
    session = entry.session_date(target)
    if session is None:
        return None
    if hasattr(session, "date"):
        session = session.date()
    return session + timedelta(days=settings.INTAKE_RETENTION_DAYS)


def _targets(files: Iterable[Any]) -> dict[Any, Any]:
    """(content type id, object id) -> object, one query per content type."""
    ids = defaultdict(set)
    types = {}
    for f in files:
        ids[f.content_type_id].add(f.object_id)
        types[f.content_type_id] = f.content_type
    found = {}
    for ct_id, pks in ids.items():
        model = types[ct_id].model_class()
        try:
            for_model(model)
        except LookupError:
            continue
        for pk, obj in model._default_manager.in_bulk(pks).items():
            found[(ct_id, pk)] = obj
    return found


def apply_retention(*, now: datetime) -> dict[str, Any]:
    today = timezone.localdate(now)
    notice_days = timedelta(days=settings.INTAKE_RETENTION_NOTICE_DAYS)
    candidates = list(
        DataFile.objects.filter(status__in=LIVE_STATUSES, keep_after_session=False)
        .filter(Q(delete_after__isnull=True) | Q(delete_after__lte=today + notice_days))
        .select_related("content_type", "uploaded_by")
    )
    targets = _targets(candidates)
    by_target = defaultdict(list)
    for f in candidates:
        if (f.content_type_id, f.object_id) in targets:
            by_target[(f.content_type_id, f.object_id)].append(f)
    counts = {"noticed": 0, "deleted": 0}
    for key, files in by_target.items():
        target = targets[key]
        due = due_date(target)
        if due is None:
            continue
        for f in files:
            planned = due
            if f.retention_notice_at:
                planned = max(due, timezone.localdate(f.retention_notice_at) + notice_days)
            if f.delete_after != planned:
                f.delete_after = planned
                DataFile.objects.filter(pk=f.pk).update(delete_after=planned)
        unnoticed = [f for f in files if f.retention_notice_at is None]
        if unnoticed and today >= due - notice_days:
            delete_on = max(due, today + notice_days)
            by_person = defaultdict(list)
            for f in unnoticed:
                if f.uploaded_by:
                    by_person[f.uploaded_by].append(f)
            for person, theirs in by_person.items():
                counts["noticed"] += tell_retention(
                    person=person, target=target, files=theirs, delete_on=delete_on
                )
            DataFile.objects.filter(pk__in=[f.pk for f in unnoticed]).update(
                retention_notice_at=now, delete_after=delete_on
            )
            continue
        for f in files:
            if f.retention_notice_at and f.delete_after and today >= f.delete_after:
                delete_file(actor=None, data_file=f, reason="deleted after the retention period")
                counts["deleted"] += 1
    return counts
