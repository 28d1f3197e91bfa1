"""The network's one hourly price and the credit rates paid to host facilities, with history."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biafed.billing.models.immutable import ImmutableModel
from biafed.billing.money import ZERO


class NetworkRate(ImmutableModel):
    """Prices in force from `valid_from` until the next rate starts.

    One row per start date (the database refuses two), never changed once written:
    a new price is a new row, so the rate in force on any past date stays what it was.
    """

    valid_from = models.DateField(_("valid from"), unique=True)
    hourly_price = models.DecimalField(
        _("price per hour"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        help_text=_("What requesters pay per hour of work, excluding VAT, whichever site works."),
    )
    facility_credit = models.DecimalField(
        _("credit to the host facility per project hour"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Paid from the central budget for each hour an analyst works on a project."),
    )
    consultation_credit = models.DecimalField(
        _("credit to the host facility per open-desk hour"),
        max_digits=10,
        decimal_places=2,
        default=ZERO,
        validators=[MinValueValidator(ZERO)],
        help_text=_("Open-desk consultations are free for requesters; 0 means not credited."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("network rate")
        verbose_name_plural = _("network rates")
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_price__gte=0)
                & Q(facility_credit__gte=0)
                & Q(consultation_credit__gte=0),
                name="billing_rate_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"{self.hourly_price}/h from {self.valid_from:%Y-%m-%d}"
