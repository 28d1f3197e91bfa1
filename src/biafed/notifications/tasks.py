"""Background jobs: thin wrappers that take ids and call services."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from biafed.notifications.calendar import session_calendar
from biafed.notifications.models import Notification, NotificationKind


@task()
def send_notification_email(notification_id: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient", "booking__slot__day", "booking__requester")
        .filter(pk=notification_id, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    body = notification.body
    if notification.link:
        body += f"\n\n{settings.SITE_URL}{notification.link}"
    message = EmailMessage(
        subject=f"[biafed] {notification.subject}",
        body=body,
        to=[notification.recipient.email],
    )
    booking = notification.booking
    if notification.attach_calendar and booking is not None and booking.slot_id:
        leaving = notification.kind in (
            NotificationKind.CANCELLATION,
            NotificationKind.PANEL_CHANGE,
        )
        method = "CANCEL" if leaving else "REQUEST"
        message.attach(
            "open-desk-session.ics",
            session_calendar(booking, site_url=settings.SITE_URL, method=method),
            f"text/calendar; method={method}",
        )
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def run_periodic_jobs() -> dict:
    """Reminders and data-missing flags; safe to run often and from several schedulers."""
    from biafed.opendesk.services.reminders import send_due_reminders
    from biafed.projects.services.work import send_report_reminders

    send_report_reminders(now=timezone.now())
    counts = send_due_reminders(now=timezone.now())
    # Intake: abandoned uploads expire, retention notices and deletions, lost checks re-queued.
    from biafed.intake.services import run_periodic as intake_periodic

    counts.update(intake_periodic(now=timezone.now()))
    # Privacy: each app's retention rules (old answers, dormant accounts), see people.privacy.
    from biafed.people.privacy import apply_retention

    counts.update(apply_retention(now=timezone.now()))
    return counts
