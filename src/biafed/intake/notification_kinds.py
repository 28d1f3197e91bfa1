"""The notifications the intake sends (registered in `IntakeConfig.ready()`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    DATA_READY = "data_ready", _("Data ready")
    DATA_UNREADABLE = "data_unreadable", _("Data unreadable")
    DATA_RETENTION = "data_retention", _("Data deletion notice")
