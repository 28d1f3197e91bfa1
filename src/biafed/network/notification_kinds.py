"""The notifications the network sends (registered in `NetworkConfig.ready()`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    MEETING_AGENDA = "network_agenda", _("Meeting agenda")
    MEETING_REMINDER = "network_reminder", _("Meeting reminder")
    HELP_ANSWER = "network_help_answer", _("Answer to a peer-help request")
