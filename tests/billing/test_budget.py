"""Budget lines per year: planned against the ledger's actual amounts; balance per year."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from biafed.billing.models import EntryKind, ExpenseCategory
from biafed.billing.services.budget import budget_of_year, plan_budget_line
from biafed.billing.services.ledger import record_expense, record_subsidy, reverse_entry
from biafed.common.errors import BusinessRuleError
from tests.factories import AnalystFactory

D = Decimal


def _row(budget, kind, category=""):
    (row,) = [
        r
        for r in budget["income"] + budget["spending"]
        if (r["kind"], r["category"]) == (kind, category)
    ]
    return row


def _year_2026(coordinator):
    record_subsidy(
        coordinator=coordinator, amount="30000", source="FBI", label="", booked_on=date(2026, 2, 1)
    )
    record_subsidy(
        coordinator=coordinator, amount="5000", source="FBI", label="", booked_on=date(2025, 6, 1)
    )
    workshop = record_expense(
        coordinator=coordinator,
        amount="4000",
        category=ExpenseCategory.TRAINING,
        label="Deep-learning workshop",
        booked_on=date(2026, 3, 10),
    )
    record_expense(
        coordinator=coordinator,
        amount="1500",
        category=ExpenseCategory.TRAINING,
        label="Wrong amount",
        booked_on=date(2026, 4, 1),
    )
    return workshop


def test_actual_amounts_come_from_the_ledger_of_the_year(coordinator):
    _year_2026(coordinator)
    plan_budget_line(coordinator=coordinator, year=2026, kind=EntryKind.SUBSIDY, planned="32000")
    plan_budget_line(
        coordinator=coordinator,
        year=2026,
        kind=EntryKind.EXPENSE,
        category=ExpenseCategory.TRAINING,
        planned="6000",
        note="Two workshops",
    )
    budget = budget_of_year(2026)
    grants = _row(budget, EntryKind.SUBSIDY)
    assert (grants["planned"], grants["actual"], grants["difference"]) == (
        D("32000.00"),
        D("30000.00"),
        D("-2000.00"),
    )
    training = _row(budget, EntryKind.EXPENSE, ExpenseCategory.TRAINING)
    assert (training["planned"], training["actual"], training["note"]) == (
        D("6000.00"),
        D("5500.00"),
        "Two workshops",
    )
    assert _row(budget, EntryKind.EXPENSE, ExpenseCategory.COMPUTING)["planned"] == D("0")
    assert budget["actual_result"] == D("24500.00")
    assert budget["planned_result"] == D("26000.00")
    assert budget["balance_at_end"] == D("29500.00")  # 2025's 5,000 carried over
    assert budget_of_year(2025)["balance_at_end"] == D("5000.00")


def test_a_reversed_expense_leaves_the_actual_amount(coordinator):
    _year_2026(coordinator)
    wrong = record_expense(
        coordinator=coordinator,
        amount="999",
        category=ExpenseCategory.COMPUTING,
        label="Typo",
        booked_on=date(2026, 5, 1),
    )
    reverse_entry(coordinator=coordinator, entry=wrong, reason="typo", booked_on=date(2026, 5, 2))
    assert _row(budget_of_year(2026), EntryKind.EXPENSE, ExpenseCategory.COMPUTING)["actual"] == 0


def test_planning_again_changes_the_line(coordinator):
    plan_budget_line(coordinator=coordinator, year=2027, kind=EntryKind.SUBSIDY, planned="1000")
    plan_budget_line(coordinator=coordinator, year=2027, kind=EntryKind.SUBSIDY, planned="2000")
    assert _row(budget_of_year(2027), EntryKind.SUBSIDY)["planned"] == D("2000.00")


def test_an_expense_line_needs_its_category_and_only_coordinators_plan(coordinator):
    with pytest.raises(BusinessRuleError):
        plan_budget_line(coordinator=coordinator, year=2027, kind=EntryKind.EXPENSE, planned="1")
    with pytest.raises(PermissionDenied):
        plan_budget_line(
            coordinator=AnalystFactory(), year=2027, kind=EntryKind.SUBSIDY, planned="1"
        )


def test_the_budget_page_plans_a_line_and_shows_planned_against_actual(client, coordinator):
    _year_2026(coordinator)
    client.force_login(coordinator)
    url = reverse("billing:budget") + "?year=2026"
    response = client.post(url, {"line": "expense:computing", "planned": "12000", "note": "GPU"})
    assert response["Location"] == url
    page = client.get(url)
    assert page.context["budget"]["planned_spending"] == D("12000.00")
    assert "Budget 2026" in page.content.decode()


def test_a_bad_amount_keeps_the_form(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("billing:budget"), {"line": "subsidy:", "planned": "-5"})
    assert response.status_code == 200
    assert response.context["form"].errors["planned"]
