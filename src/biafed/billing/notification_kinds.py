"""The notifications billing sends (registered in `BillingConfig.ready()`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    BILLING_QUOTE = "billing_quote", _("Quote")
    BILLING_INVOICE = "billing_invoice", _("Invoice")
    BILLING_CREDIT_NOTE = "billing_credit_note", _("Credit note")
