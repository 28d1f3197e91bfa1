from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from biafed.notifications.registry import registered_kinds, validate_kind


class NotificationQuerySet(models.QuerySet):
    def about(self, obj: models.Model):
        """The notifications sent about `obj` (a booking, a project...)."""
        return self.filter(about_type=obj._meta.label_lower, about_id=obj.pk)


class Notification(models.Model):
    """A message to one person: listed in the site and sent by e-mail by a task.

    `kind` is one of the kinds the sending apps registered (see `registry.py`);
    `about_type`/`about_id` name the object it is about, as in the activity log.
    `dedupe_key` makes periodic jobs idempotent: the same reminder is never
    created twice, even with several schedulers running. `calendar` is the .ics file
    attached to the e-mail, made by the sending app when the change happened (who
    attends, where, which sequence), so the mail tells what was true then.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, validators=[validate_kind])
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # {language code: [subject, body]} for each site language; empty on older rows,
    # which show their stored subject and body.
    texts = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=300, blank=True)
    about_type = models.CharField(max_length=64, blank=True)
    about_id = models.BigIntegerField(null=True, blank=True)
    calendar = models.TextField(blank=True)
    dedupe_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["about_type", "about_id"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def about(self) -> models.Model | None:
        """The object this notification is about, if any and still there."""
        if not self.about_type or self.about_id is None:
            return None
        model = apps.get_model(self.about_type)
        return model._default_manager.filter(pk=self.about_id).first()

    def _text(self, index: int, stored: str) -> str:
        shown = self.texts.get(translation.get_language() or "") if self.texts else None
        return shown[index] if shown else stored

    @property
    def shown_subject(self) -> str:
        """The subject in the language of the page showing it (the e-mail keeps `subject`)."""
        return self._text(0, self.subject)

    @property
    def shown_body(self) -> str:
        return self._text(1, self.body)

    @property
    def kind_label(self) -> str:
        known = registered_kinds().get(self.kind)
        return str(known.label) if known else self.kind
