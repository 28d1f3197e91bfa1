"""Quotes, invoices and credit notes: what the network sends to requesters' institutions."""

from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biafed.billing.models.numbering import NumberedDocument
from biafed.billing.models.rates import NetworkRate
from biafed.common.fields import FreeTextField, NameField
from biafed.common.states import Transitions


class DecimalSize(TypedDict):
    """The digits of a DecimalField, passed as `**AMOUNT`."""

    max_digits: int
    decimal_places: int


User = settings.AUTH_USER_MODEL
AMOUNT: DecimalSize = {"max_digits": 12, "decimal_places": 2}
HOURS: DecimalSize = {"max_digits": 8, "decimal_places": 2}


class QuoteStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    SUPERSEDED = "superseded", _("Superseded")


class Quote(NumberedDocument):
    """The price of the accepted estimate at the rate in force, one line per phase.

    A project has at most one current quote (the database refuses two); a new quote,
    for instance after a new phase was added, supersedes the previous one.
    """

    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="quotes")
    status = models.CharField(
        _("status"), max_length=12, choices=QuoteStatus.choices, default=QuoteStatus.CURRENT
    )
    transitions = Transitions(
        {QuoteStatus.CURRENT: {QuoteStatus.SUPERSEDED}, QuoteStatus.SUPERSEDED: set()}
    )
    rate = models.ForeignKey(NetworkRate, on_delete=models.PROTECT, related_name="quotes")
    hourly_price = models.DecimalField(_("price per hour"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    vat_percent = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    vat_note = models.CharField(_("VAT note"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), **HOURS)
    subtotal = models.DecimalField(_("total excluding VAT"), **AMOUNT)
    vat_amount = models.DecimalField(_("VAT"), **AMOUNT)
    total = models.DecimalField(_("total including VAT"), **AMOUNT)
    institution = NameField(_("institution"), max_length=200)
    address = FreeTextField(_("address"), blank=True)
    issued_on = models.DateField(_("date"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("quote")
        constraints = [
            *NumberedDocument.number_constraints("billing_quote"),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status="current"),
                name="billing_one_current_quote",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField()
    phase = models.ForeignKey(
        "projects.Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    hours = models.DecimalField(_("hours"), **HOURS)
    unit_price = models.DecimalField(_("price per hour"), **AMOUNT)
    amount = models.DecimalField(_("amount"), **AMOUNT)

    class Meta:
        ordering = ["quote", "order"]

    def __str__(self) -> str:
        return self.description


class InvoiceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled (credited)")


class Invoice(NumberedDocument):
    """Hours logged on a project's phases, billed to the requester's institution.

    Never deleted: cancelling issues a credit note and the hours become billable again.
    """

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="invoices"
    )
    quote = models.ForeignKey(
        Quote, on_delete=models.PROTECT, null=True, blank=True, related_name="invoices"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InvoiceStatus.choices,
        default=InvoiceStatus.ISSUED,
        db_index=True,
    )
    transitions = Transitions(
        {
            InvoiceStatus.ISSUED: {InvoiceStatus.PAID, InvoiceStatus.CANCELLED},
            InvoiceStatus.PAID: set(),
            InvoiceStatus.CANCELLED: set(),
        },
        history_on="project",
        refusal=_("An invoice that is “%(current)s” cannot become “%(new)s”."),
    )
    institution = NameField(_("institution"), max_length=200)
    address = FreeTextField(_("address"), blank=True)
    requester_name = NameField(_("requester"), max_length=200)
    requester_email = models.EmailField(_("requester's e-mail"))
    purchase_order = models.CharField(_("purchase order or reference"), max_length=120, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    vat_percent = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    vat_note = models.CharField(_("VAT note"), max_length=200, blank=True)
    hours = models.DecimalField(_("hours"), **HOURS)
    subtotal = models.DecimalField(_("total excluding VAT"), **AMOUNT)
    vat_amount = models.DecimalField(_("VAT"), **AMOUNT)
    total = models.DecimalField(_("total including VAT"), **AMOUNT)
    issued_on = models.DateField(_("date"))
    due_on = models.DateField(_("due on"))
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("invoice")
        constraints = [
            *NumberedDocument.number_constraints("billing_invoice"),
            models.CheckConstraint(
                condition=Q(status="paid", paid_on__isnull=False) | ~Q(status="paid"),
                name="billing_paid_invoice_has_date",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0), name="billing_invoice_has_hours"),
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    """Hours of one phase (or of work outside any phase) on an invoice."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField()
    phase = models.ForeignKey(
        "projects.Phase", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    logged_hours = models.DecimalField(_("hours logged"), **HOURS)
    quoted_hours = models.DecimalField(_("hours quoted"), null=True, blank=True, **HOURS)
    hours = models.DecimalField(_("hours billed"), **HOURS)
    unit_price = models.DecimalField(_("price per hour"), **AMOUNT)
    amount = models.DecimalField(_("amount"), **AMOUNT)

    class Meta:
        ordering = ["invoice", "order"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="billing_line_has_hours")
        ]

    def __str__(self) -> str:
        return self.description


class CreditNote(NumberedDocument):
    """Cancels an invoice in full; the invoice stays, marked cancelled."""

    invoice = models.OneToOneField(Invoice, on_delete=models.PROTECT, related_name="credit_note")
    reason = FreeTextField(_("reason"))
    issued_on = models.DateField(_("date"))
    issued_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("credit note")
        constraints = NumberedDocument.number_constraints("billing_credit_note")

    def __str__(self) -> str:
        return self.number
