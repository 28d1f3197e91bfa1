"""Which changes become webhook events: read from the activity log and the project
decisions as they are saved (post_save), so the apps below never import the API."""

from biafed.api.models import WebhookEvent
from biafed.api.services import webhooks

SUBMITTED = ("draft->submitted", "draft->ready")


def on_activity(sender, instance, created, **kwargs) -> None:
    if not created:
        return
    subject, verb = instance.subject_type, instance.verb
    if subject == "opendesk.booking" and verb in SUBMITTED:
        webhooks.emit(WebhookEvent.BOOKING_SUBMITTED, {"booking": instance.subject_id})
    elif subject == "opendesk.opendeskday" and verb == "published allocation":
        webhooks.emit(WebhookEvent.ALLOCATION_PUBLISHED, {"day": instance.subject_id})
    elif subject == "projects.project" and verb == "issued invoice":
        webhooks.emit(
            WebhookEvent.INVOICE_ISSUED,
            {"project": instance.subject_id, "invoice_number": instance.detail},
        )


def on_decision(sender, instance, created, **kwargs) -> None:
    if created:
        webhooks.emit(
            WebhookEvent.PROJECT_DECIDED,
            {"project": instance.project_id, "decision": instance.kind},
        )
