"""The notifications the open desk sends (registered in `OpendeskConfig.ready()`)."""

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
