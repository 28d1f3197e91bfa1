"""The central budget: one ledger of signed entries; the balance is their sum."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biafed.billing.models.documents import CreditNote, DecimalSize, Invoice
from biafed.billing.models.immutable import ImmutableModel

User = settings.AUTH_USER_MODEL
AMOUNT: DecimalSize = {"max_digits": 12, "decimal_places": 2}


class EntryKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice income")
    SUBSIDY = "subsidy", _("Subsidy")
    FACILITY_CREDIT = "facility_credit", _("Credit to a host facility")
    EXPENSE = "expense", _("Expense")


INCOME_KINDS = (EntryKind.INVOICE, EntryKind.SUBSIDY)
OUTGOING_KINDS = (EntryKind.FACILITY_CREDIT, EntryKind.EXPENSE)


class ExpenseCategory(models.TextChoices):
    TRAINING = "training", _("Training and workshops")
    COMPUTING = "computing", _("Shared computing")
    MEETINGS = "meetings", _("Meetings and hackathons")
    STAFF = "staff", _("Staff")
    OTHER = "other", _("Other")


class FacilityCredit(ImmutableModel):
    """Money the central budget gives a host facility for hours its analysts gave.

    Its lines say which effort entries and open-desk seats it pays for; each of them is
    credited at most once (the database refuses a second active line).
    """

    facility = models.ForeignKey(
        "people.HostFacility", on_delete=models.PROTECT, related_name="credits"
    )
    up_to = models.DateField(_("hours given up to"))
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        verbose_name = _("host-facility credit")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="billing_credit_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.facility} {self.amount} {self.currency}"


class HourKind(models.TextChoices):
    PROJECT = "project", _("Project work")
    MENTORING = "mentoring", _("Mentoring")
    CONSULTATION = "consultation", _("Open-desk consultation")


class CreditLine(models.Model):
    """One credited effort entry or open-desk seat, with the hours and rate used."""

    credit = models.ForeignKey(FacilityCredit, on_delete=models.PROTECT, related_name="lines")
    kind = models.CharField(_("kind"), max_length=16, choices=HourKind.choices)
    effort = models.ForeignKey(
        "projects.EffortEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    panel_seat = models.ForeignKey(
        "opendesk.PanelMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    analyst = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        "projects.Project", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    rate = models.DecimalField(_("credit per hour"), **AMOUNT)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["effort"],
                condition=Q(active=True, effort__isnull=False),
                name="billing_effort_credited_once",
            ),
            models.UniqueConstraint(
                fields=["panel_seat"],
                condition=Q(active=True, panel_seat__isnull=False),
                name="billing_seat_credited_once",
            ),
            models.CheckConstraint(
                condition=Q(effort__isnull=True) | Q(panel_seat__isnull=True),
                name="billing_line_is_effort_or_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.analyst} {self.date} {self.hours} h"


class LedgerEntry(ImmutableModel):
    """One movement of the central budget: positive comes in, negative goes out.

    Entries are never changed or deleted; a mistake is corrected by a reversing entry
    (`reverses`), which every entry can have at most once.
    """

    booked_on = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    amount = models.DecimalField(_("amount"), **AMOUNT)
    currency = models.CharField(_("currency"), max_length=3)
    label = models.CharField(_("description"), max_length=300)
    category = models.CharField(
        _("category"), max_length=16, choices=ExpenseCategory.choices, blank=True
    )
    source = models.CharField(
        _("from"), max_length=200, blank=True, help_text=_("Who gave the subsidy.")
    )
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entries"
    )
    credit_note = models.OneToOneField(
        CreditNote, on_delete=models.PROTECT, null=True, blank=True, related_name="ledger_entry"
    )
    facility_credit = models.ForeignKey(
        FacilityCredit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    facility = models.ForeignKey(
        "people.HostFacility",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries",
    )
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="billing_entry_not_zero"),
            # Income is positive and outgoings negative, except in a reversing entry.
            models.CheckConstraint(
                condition=Q(reverses__isnull=False)
                | Q(kind__in=["invoice", "subsidy"], amount__gt=0)
                | Q(kind__in=["facility_credit", "expense"], amount__lt=0),
                name="billing_entry_sign_follows_kind",
            ),
            models.UniqueConstraint(
                fields=["invoice"],
                condition=Q(reverses__isnull=True, invoice__isnull=False),
                name="billing_invoice_booked_once",
            ),
            models.UniqueConstraint(
                fields=["facility_credit"],
                condition=Q(reverses__isnull=True, facility_credit__isnull=False),
                name="billing_credit_booked_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.label} {self.amount} {self.currency}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
