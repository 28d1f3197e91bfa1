from datetime import date
from decimal import Decimal

import pytest

from biafed.billing.models import QuoteStatus
from biafed.billing.services.quotes import issue_quote
from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.projects.models import ProjectStatus
from tests.billing.factories import PhaseFactory, ProjectFactory, rate


def test_quote_prices_each_phase_budget_at_the_rate_in_force(coordinator):
    rate(date(2020, 1, 1), price="50.00")
    rate(date(2026, 3, 1), price="61.37")
    project = ProjectFactory(status=ProjectStatus.ACCEPTED)
    PhaseFactory(project=project, order=1, title="Feasibility", budget_hours=Decimal("12.50"))
    PhaseFactory(project=project, order=2, title="Implementation", budget_hours=Decimal("40"))

    quote = issue_quote(coordinator=coordinator, project=project, on=date(2026, 3, 2))

    assert [(line.description, line.hours, line.amount) for line in quote.lines.all()] == [
        ("Feasibility", Decimal("12.50"), Decimal("767.13")),
        ("Implementation", Decimal("40.00"), Decimal("2454.80")),
    ]
    assert quote.hourly_price == Decimal("61.37")
    assert (quote.hours, quote.subtotal, quote.vat_percent) == (
        Decimal("52.50"),
        Decimal("3221.93"),
        Decimal("20.00"),
    )
    assert (quote.vat_amount, quote.total) == (Decimal("644.39"), Decimal("3866.32"))
    assert quote.number == "Q-2026-0001"
    assert quote.institution == project.invoice_institution
    assert Notification.objects.filter(recipient=project.requester, kind="billing_quote").exists()


def test_quote_without_phases_uses_the_accepted_estimate(coordinator, network_rate):
    project = ProjectFactory(
        status=ProjectStatus.FEASIBILITY_ACCEPTED, estimated_hours=Decimal("8")
    )
    quote = issue_quote(coordinator=coordinator, project=project, vat_percent=Decimal("0"))
    assert [line.hours for line in quote.lines.all()] == [Decimal("8.00")]
    assert (quote.subtotal, quote.vat_amount, quote.total) == (
        Decimal("480.00"),
        Decimal("0.00"),
        Decimal("480.00"),
    )


def test_new_quote_supersedes_the_previous_and_numbers_follow(coordinator, network_rate):
    project = ProjectFactory(status=ProjectStatus.ACTIVE)
    first = issue_quote(coordinator=coordinator, project=project, on=date(2026, 1, 5))
    PhaseFactory(project=project, budget_hours=Decimal("10"))
    second = issue_quote(coordinator=coordinator, project=project, on=date(2026, 1, 6))
    first.refresh_from_db()
    assert (first.status, second.status) == (QuoteStatus.SUPERSEDED, QuoteStatus.CURRENT)
    assert (first.number, second.number) == ("Q-2026-0001", "Q-2026-0002")


def test_quote_refused_before_acceptance_without_rate_or_institution(coordinator, db):
    draft = ProjectFactory(status=ProjectStatus.SUBMITTED)
    with pytest.raises(BusinessRuleError, match="accepted"):
        issue_quote(coordinator=coordinator, project=draft)
    accepted = ProjectFactory(status=ProjectStatus.ACCEPTED)
    with pytest.raises(BusinessRuleError, match="No hourly rate"):
        issue_quote(coordinator=coordinator, project=accepted)
    rate()
    nowhere = ProjectFactory(
        status=ProjectStatus.ACCEPTED, invoice_institution="", requester_institution=""
    )
    nowhere.requester.institution = ""
    nowhere.requester.save()
    with pytest.raises(BusinessRuleError, match="no institution"):
        issue_quote(coordinator=coordinator, project=nowhere)


def test_quote_refused_after_a_later_dated_quote(coordinator, network_rate):
    issue_quote(coordinator=coordinator, project=ProjectFactory(), on=date(2026, 5, 1))
    with pytest.raises(BusinessRuleError, match="numbers must follow dates"):
        issue_quote(coordinator=coordinator, project=ProjectFactory(), on=date(2026, 4, 1))
