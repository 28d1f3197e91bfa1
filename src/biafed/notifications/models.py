from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    BOOKING_RECEIVED = "booking_received", _("Booking received")
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Session reminder")
    DATA_MISSING = "data_missing", _("Data missing")
    CANCELLATION = "cancellation", _("Cancellation")
    FEEDBACK_REQUEST = "feedback_request", _("Feedback request")
    PANEL_CHANGE = "panel_change", _("Panel change")
    DATA_READY = "data_ready", _("Data ready")
    DATA_UNREADABLE = "data_unreadable", _("Data unreadable")
    DATA_RETENTION = "data_retention", _("Data deletion notice")
    PROJECT = "project", _("Collaborative project")
    BILLING_QUOTE = "billing_quote", _("Quote")
    BILLING_INVOICE = "billing_invoice", _("Invoice")
    BILLING_CREDIT_NOTE = "billing_credit_note", _("Credit note")


class Notification(models.Model):
    """A message to one person: listed in the site and sent by e-mail by a task.

    `dedupe_key` makes periodic jobs idempotent: the same reminder is never
    created twice, even with several schedulers running.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    booking = models.ForeignKey(
        "opendesk.Booking", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    attach_calendar = models.BooleanField(default=False)
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject
