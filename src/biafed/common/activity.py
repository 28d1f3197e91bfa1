from django.db import models

from biafed.common.models import ActivityEntry


def record(*, actor, verb: str, subject: models.Model, detail: str = "") -> ActivityEntry:
    """Append one line to the activity log; called by services after a change."""
    return ActivityEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        detail=detail,
    )


def history_of(subject: models.Model):
    return ActivityEntry.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk
    ).select_related("actor")
