"""Budget lines per year: planned against the ledger's actual amounts, and the balance."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from biafed.billing.models import INCOME_KINDS, BudgetLine, EntryKind, ExpenseCategory, LedgerEntry
from biafed.billing.money import ZERO, default_currency, money
from biafed.billing.services.common import require_manager
from biafed.billing.services.ledger import balance
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import User


@transaction.atomic
def plan_budget_line(
    *, coordinator: User, year: int, kind: str, category: str = "", planned: Any, note: str = ""
) -> BudgetLine:
    """Set (or change) what a line of the year's budget plans; zero keeps the line."""
    require_manager(coordinator)
    if kind not in EntryKind.values:
        raise BusinessRuleError(_("Choose a budget line."))
    if kind == EntryKind.EXPENSE and category not in ExpenseCategory.values:
        raise BusinessRuleError(_("Choose what the expense is for."))
    if kind != EntryKind.EXPENSE:
        category = ""
    try:
        amount = money(planned)
    except (InvalidOperation, TypeError, ValueError):
        raise BusinessRuleError(_("The planned amount must be a number.")) from None
    if amount < ZERO:
        raise BusinessRuleError(_("Plan a positive amount; the line says which way it goes."))
    line, _created = BudgetLine.objects.update_or_create(
        year=year,
        kind=kind,
        category=category,
        currency=default_currency(),
        defaults={"planned": amount, "note": note.strip()},
    )
    activity.record(actor=coordinator, verb="planned budget line", subject=line, detail=str(amount))
    return line


def budget_of_year(year: int, currency: str | None = None) -> dict:
    """Each line of the year, planned and actual (both positive), income then spending,
    with the totals, the year's result and the balance at the end of the year."""
    currency = currency or default_currency()
    entries = LedgerEntry.objects.filter(currency=currency, booked_on__year=year)
    actual = {
        (kind, category): total
        for kind, category, total in entries.values_list("kind", "category")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    plans = {
        (line.kind, line.category): line
        for line in BudgetLine.objects.filter(year=year, currency=currency)
    }
    keys = [(kind, "") for kind in EntryKind.values if kind != EntryKind.EXPENSE] + [
        (EntryKind.EXPENSE.value, category) for category in ExpenseCategory.values
    ]
    rows = []
    for kind, category in keys:
        line = plans.get((kind, category))
        done = money(abs(actual.get((kind, category), ZERO)))
        planned = line.planned if line else ZERO
        rows.append(
            {
                "kind": kind,
                "category": category,
                "label": ExpenseCategory(category).label if category else EntryKind(kind).label,
                "income": kind in INCOME_KINDS,
                "planned": planned,
                "actual": done,
                "difference": done - planned,
                "note": line.note if line else "",
            }
        )
    income = [row for row in rows if row["income"]]
    spending = [row for row in rows if not row["income"]]

    def total(group: Any, field: str) -> Decimal:
        return money(sum((row[field] for row in group), ZERO))

    return {
        "year": year,
        "currency": currency,
        "income": income,
        "spending": spending,
        "planned_income": total(income, "planned"),
        "actual_income": total(income, "actual"),
        "planned_spending": total(spending, "planned"),
        "actual_spending": total(spending, "actual"),
        "planned_result": total(income, "planned") - total(spending, "planned"),
        "actual_result": total(income, "actual") - total(spending, "actual"),
        "balance_at_end": balance(currency, until=date(year, 12, 31)),
    }
