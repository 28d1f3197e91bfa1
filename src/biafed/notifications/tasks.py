"""Background jobs: thin wrappers that take ids and call services."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task
from icalendar import Calendar

from biafed.common import periodic
from biafed.notifications import registry
from biafed.notifications.models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    notification = (
        Notification.objects.select_related("recipient")
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
    if notification.calendar:
        message.attach(
            registry.calendar_name(notification.about_type),
            notification.calendar,
            f"text/calendar; method={calendar_method(notification.calendar)}",
        )
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def calendar_method(ics: str) -> str:
    """The iTIP method (REQUEST, CANCEL...) an .ics file declares."""
    return str(Calendar.from_ical(ics).get("method", "PUBLISH")).upper()


@task()
def run_periodic_jobs() -> dict:
    """Every app's periodic jobs (reminders, data-missing flags, intake clean-up), as they
    registered them in `biafed.common.periodic`; safe to run often and from several
    schedulers."""
    return periodic.run_periodic_jobs(now=timezone.now())
