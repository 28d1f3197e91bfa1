"""The notifications collaborative projects send (registered in `ProjectsConfig.ready()`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    PROJECT = "project", _("Collaborative project")
