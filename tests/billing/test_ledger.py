from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from biafed.billing.models import EntryKind, ExpenseCategory, LedgerEntry
from biafed.billing.services.ledger import (
    balance,
    record_expense,
    record_subsidy,
    reverse_entry,
    totals_by_kind,
)
from biafed.common.errors import BusinessRuleError

D = Decimal


def test_balance_is_the_sum_of_entries(coordinator):
    record_subsidy(
        coordinator=coordinator,
        amount="20000",
        source="France-BioImaging",
        label="",
        booked_on=date(2026, 1, 5),
    )
    record_expense(
        coordinator=coordinator,
        amount=D("1234.56"),
        category=ExpenseCategory.TRAINING,
        label="Image analysis school, Lyon",
        booked_on=date(2026, 2, 1),
    )
    record_expense(
        coordinator=coordinator,
        amount="0.01",
        category=ExpenseCategory.COMPUTING,
        label="GPU hours",
    )
    assert balance() == D("18765.43")
    assert balance() == sum(LedgerEntry.objects.values_list("amount", flat=True))
    assert balance(until=date(2026, 1, 31)) == D("20000.00")
    assert totals_by_kind()[EntryKind.EXPENSE] == D("-1234.57")
    subsidy = LedgerEntry.objects.get(kind=EntryKind.SUBSIDY)
    assert subsidy.label == "Subsidy from France-BioImaging"


def test_amounts_must_be_positive(coordinator):
    with pytest.raises(BusinessRuleError):
        record_subsidy(coordinator=coordinator, amount="0", source="FBI", label="")
    with pytest.raises(BusinessRuleError):
        record_expense(
            coordinator=coordinator, amount="-5", category=ExpenseCategory.OTHER, label="x"
        )


def test_reversal_corrects_without_changing_the_original(coordinator):
    entry = record_subsidy(coordinator=coordinator, amount="500", source="FBI", label="Typo")
    reversal = reverse_entry(coordinator=coordinator, entry=entry, reason="Wrong amount")
    assert (reversal.amount, reversal.reverses, reversal.kind) == (
        D("-500.00"),
        entry,
        EntryKind.SUBSIDY,
    )
    assert LedgerEntry.objects.get(pk=entry.pk).amount == D("500.00")
    assert balance() == D("0.00")
    with pytest.raises(BusinessRuleError, match="already been reversed"):
        reverse_entry(coordinator=coordinator, entry=entry, reason="again")
    with pytest.raises(BusinessRuleError, match="cannot itself be reversed"):
        reverse_entry(coordinator=coordinator, entry=reversal, reason="undo")


def test_entries_are_immutable(coordinator):
    entry = record_subsidy(coordinator=coordinator, amount="10", source="FBI", label="")
    entry.amount = D("99")
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(TypeError):
        LedgerEntry.objects.update(amount=D("1"))
    assert balance() == D("10.00")


def test_database_refuses_an_outgoing_amount_booked_as_income(coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            booked_on=date(2026, 1, 1),
            kind=EntryKind.SUBSIDY,
            amount=D("-5"),
            currency="EUR",
            label="negative subsidy",
            recorded_by=coordinator,
        )
