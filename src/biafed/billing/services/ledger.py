"""The central budget: subsidies, expenses, reversals; the balance is the sum of entries."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.billing.models import EntryKind, ExpenseCategory, LedgerEntry
from biafed.billing.money import ZERO, default_currency, money
from biafed.billing.services.common import require_manager
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User


def balance(currency: str | None = None, *, until: date | None = None) -> Decimal:
    """The sum of every entry (in one currency), optionally up to a date."""
    qs = LedgerEntry.objects.filter(currency=currency or default_currency())
    if until is not None:
        qs = qs.filter(booked_on__lte=until)
    return money(qs.aggregate(total=Sum("amount"))["total"] or ZERO)


def totals_by_kind(currency: str | None = None) -> dict[str, Decimal]:
    rows = (
        LedgerEntry.objects.filter(currency=currency or default_currency())
        .values_list("kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    found = dict(rows)
    return {kind: money(found.get(kind, ZERO)) for kind in EntryKind.values}


def _positive(amount: Decimal | int | str) -> Decimal:
    value = money(amount)
    if value <= ZERO:
        raise BusinessRuleError(_("The amount must be more than zero."))
    return value


@transaction.atomic
def record_subsidy(
    *,
    coordinator: User,
    amount: Decimal | str,
    source: str,
    label: str,
    booked_on: date | None = None,
) -> LedgerEntry:
    """Money the umbrella infrastructure (or a grant) puts into the central budget."""
    require_manager(coordinator)
    if not source.strip():
        raise BusinessRuleError(_("Say who gives the subsidy."))
    entry = LedgerEntry.objects.create(
        booked_on=booked_on or timezone.localdate(),
        kind=EntryKind.SUBSIDY,
        amount=_positive(amount),
        currency=default_currency(),
        label=label.strip() or _("Subsidy from %(source)s") % {"source": source.strip()},
        source=source.strip(),
        recorded_by=coordinator,
    )
    activity.record(
        actor=coordinator, verb="recorded subsidy", subject=entry, detail=str(entry.amount)
    )
    return entry


@transaction.atomic
def record_expense(
    *,
    coordinator: User,
    amount: Decimal | str,
    category: str,
    label: str,
    booked_on: date | None = None,
) -> LedgerEntry:
    """Money the central budget spends: training, shared computing, meetings, staff."""
    require_manager(coordinator)
    if category not in ExpenseCategory.values:
        raise BusinessRuleError(_("Choose what the expense is for."))
    if not label.strip():
        raise BusinessRuleError(_("Describe the expense."))
    entry = LedgerEntry.objects.create(
        booked_on=booked_on or timezone.localdate(),
        kind=EntryKind.EXPENSE,
        amount=-_positive(amount),
        currency=default_currency(),
        label=label.strip(),
        category=category,
        recorded_by=coordinator,
    )
    activity.record(
        actor=coordinator, verb="recorded expense", subject=entry, detail=str(entry.amount)
    )
    return entry


def reversal_of(
    entry: LedgerEntry, *, coordinator: User, label: str, booked_on: date, **links: Any
) -> LedgerEntry:
    """The entry that cancels `entry` (same kind and links, opposite amount); once only."""
    if entry.reverses_id is not None:
        raise BusinessRuleError(_("A reversing entry cannot itself be reversed."))
    try:
        with transaction.atomic():
            return LedgerEntry.objects.create(
                booked_on=booked_on,
                kind=entry.kind,
                amount=-entry.amount,
                currency=entry.currency,
                label=label,
                category=entry.category,
                source=entry.source,
                invoice=entry.invoice,
                facility=entry.facility,
                facility_credit=entry.facility_credit,
                reverses=entry,
                recorded_by=coordinator,
                **links,
            )
    except IntegrityError:
        raise BusinessRuleError(_("This entry has already been reversed.")) from None


@transaction.atomic
def reverse_entry(
    *, coordinator: User, entry: LedgerEntry, reason: str, booked_on: date | None = None
) -> LedgerEntry:
    """Correct a subsidy or an expense by a reversing entry; the original stays."""
    require_manager(coordinator)
    if entry.kind not in (EntryKind.SUBSIDY, EntryKind.EXPENSE):
        raise BusinessRuleError(
            _("Invoices are corrected by a credit note and credits by reversing the credit.")
        )
    if not reason.strip():
        raise BusinessRuleError(_("Say why the entry is reversed."))
    reversal = reversal_of(
        entry,
        coordinator=coordinator,
        label=_("Reversal of “%(label)s”: %(reason)s")
        % {"label": entry.label, "reason": reason.strip()},
        booked_on=booked_on or timezone.localdate(),
    )
    activity.record(actor=coordinator, verb="reversed entry", subject=entry, detail=reason.strip())
    return reversal
