"""Create notifications; each one is listed in the site and e-mailed by a task."""

from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from biafed.notifications.models import Notification


@contextmanager
def in_language_of(person):
    """Write a message in the recipient's language, whoever triggered it."""
    language = getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        yield


def notify(
    *,
    recipient,
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    booking=None,
    attach_calendar: bool = False,
    dedupe_key: str | None = None,
) -> Notification | None:
    """Store a notification and e-mail it once the transaction commits.

    Returns None when a notification with the same `dedupe_key` already exists, or when
    the recipient's account is closed (nobody reads it; its address is a placeholder).
    """
    from biafed.notifications.tasks import send_notification_email

    if getattr(recipient, "closed_at", None) is not None:
        return None
    if dedupe_key and Notification.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient,
                kind=kind,
                subject=subject[:200],
                body=body,
                link=link,
                booking=booking,
                attach_calendar=attach_calendar,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:  # another scheduler created it a moment ago
        return None
    transaction.on_commit(lambda: send_notification_email.enqueue(notification.pk))
    return notification


def mark_read(*, reader, notification_ids=None) -> int:
    qs = Notification.objects.filter(recipient=reader, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
