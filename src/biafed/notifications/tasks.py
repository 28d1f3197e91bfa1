"""Background jobs: thin wrappers that take ids and call services."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

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
    if notification.attach_calendar:
        method = registry.kind(notification.kind).calendar_method
        calendar = registry.calendar_for(
            notification.about_type,
            notification.about_id,
            site_url=settings.SITE_URL,
            method=method,
        )
        if calendar is not None:
            filename, content = calendar
            message.attach(filename, content, f"text/calendar; method={method}")
    message.send()
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


@task()
def run_periodic_jobs() -> dict:
    """Every app's periodic jobs (reminders, data-missing flags, intake clean-up), as they
    registered them in `biafed.common.periodic`; safe to run often and from several
    schedulers."""
    return periodic.run_periodic_jobs(now=timezone.now())
