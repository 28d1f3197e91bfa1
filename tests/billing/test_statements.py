"""Host-facility statements: project, mentoring and open-desk hours; credits in return."""

from datetime import date
from decimal import Decimal

import pytest

from biafed.billing.exports import STATEMENT_COLUMNS, statement_csv
from biafed.billing.models import CreditLine, EntryKind, HourKind, LedgerEntry
from biafed.billing.services.credits import propose_credit, record_credit, reverse_credit
from biafed.billing.services.ledger import balance
from biafed.billing.statements import statement
from biafed.common.errors import BusinessRuleError
from biafed.opendesk.models import OpenDeskDay
from tests.billing.factories import EffortFactory, ProjectFactory, rate
from tests.factories import AnalystFactory, HostFacilityFactory, confirmed_booking, held_booking

D = Decimal
SESSION_DAY = date(2026, 1, 20)


@pytest.fixture
def network(db):
    """Facility `home` with analysts Ana (lead of P1) and Bruno (mentor of P2);
    facility `away` with Chloé (mentor of P1, lead of P2). One held session with all
    three on the panel; one confirmed (not held) session with Ana."""
    home, away = HostFacilityFactory(name="Home"), HostFacilityFactory(name="Away")
    ana = AnalystFactory(full_name="Ana", profile__facility=home)
    bruno = AnalystFactory(full_name="Bruno", profile__facility=home)
    chloe = AnalystFactory(full_name="Chloé", profile__facility=away)
    p1 = ProjectFactory(title="P1", lead=ana, mentor=chloe)
    p2 = ProjectFactory(title="P2", lead=chloe, mentor=bruno)
    EffortFactory(project=p1, analyst=ana, hours=D("10"), date=date(2026, 1, 15))
    EffortFactory(project=p1, analyst=chloe, hours=D("3"), date=date(2026, 1, 15))
    EffortFactory(project=p2, analyst=bruno, hours=D("2"), date=date(2026, 1, 20))
    EffortFactory(project=p2, analyst=chloe, hours=D("5"), date=date(2026, 1, 20))
    held = held_booking(panel=[ana, bruno, chloe])
    OpenDeskDay.objects.filter(pk=held.day_id).update(date=SESSION_DAY)
    confirmed_booking(panel=[ana, AnalystFactory()])
    rate(date(2020, 1, 1), credit="45.00", consultation="30.00")
    rate(date(2026, 1, 16), credit="50.00", consultation="35.00")
    return {"home": home, "away": away, "ana": ana, "bruno": bruno, "chloe": chloe}


def test_statement_counts_project_mentoring_and_consultation_hours(network):
    result = statement(network["home"], start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert (
        result.project_hours,
        result.mentoring_hours,
        result.consultation_hours,
        result.total_hours,
    ) == (D("10.00"), D("2.00"), D("2.00"), D("14.00"))
    assert [(row.analyst.full_name, row.total) for row in result.by_analyst] == [
        ("Ana", D("11.00")),
        ("Bruno", D("3.00")),
    ]
    away = statement(network["away"], start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert (away.project_hours, away.mentoring_hours, away.consultation_hours) == (
        D("5.00"),
        D("3.00"),
        D("1.00"),
    )


def test_statement_period_bounds_are_inclusive(network):
    result = statement(network["home"], start=date(2026, 1, 16), end=date(2026, 1, 20))
    assert (result.project_hours, result.mentoring_hours, result.consultation_hours) == (
        D("0"),
        D("2.00"),
        D("2.00"),
    )


def test_credit_uses_the_credit_rate_in_force_on_each_day(coordinator, network):
    proposal = propose_credit(network["home"], up_to=date(2026, 1, 31))
    assert sorted((g.kind, rate_, amount) for g, rate_, amount in proposal.lines) == [
        (HourKind.CONSULTATION, D("35.00"), D("35.00")),
        (HourKind.CONSULTATION, D("35.00"), D("35.00")),
        (HourKind.MENTORING, D("50.00"), D("100.00")),
        (HourKind.PROJECT, D("45.00"), D("450.00")),
    ]

    credit = record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 31),
        on=date(2026, 2, 2),
    )

    assert (credit.hours, credit.amount) == (D("14.00"), D("620.00"))
    entry = LedgerEntry.objects.get(facility_credit=credit)
    assert (entry.kind, entry.amount, entry.facility) == (
        EntryKind.FACILITY_CREDIT,
        D("-620.00"),
        network["home"],
    )
    assert balance() == D("-620.00")
    result = statement(network["home"], start=date(2026, 1, 1), end=date(2026, 2, 28))
    assert (result.credited_hours, result.pending_hours, result.received) == (
        D("14.00"),
        D("0.00"),
        D("620.00"),
    )


def test_hours_are_credited_once_and_late_entries_next_time(coordinator, network):
    record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 31),
        on=date(2026, 2, 1),
    )
    with pytest.raises(BusinessRuleError, match="no hours left"):
        record_credit(
            coordinator=coordinator,
            facility=network["home"],
            up_to=date(2026, 1, 31),
            on=date(2026, 2, 1),
        )
    EffortFactory(
        project=ProjectFactory(lead=network["ana"]),
        analyst=network["ana"],
        hours=D("1.5"),
        date=date(2026, 1, 10),
    )
    late = record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 31),
        on=date(2026, 2, 3),
    )
    assert (late.hours, late.amount) == (D("1.50"), D("67.50"))


def test_reversed_credit_frees_its_hours(coordinator, network):
    credit = record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 31),
        on=date(2026, 2, 1),
    )
    reverse_credit(
        coordinator=coordinator, credit=credit, reason="Wrong period", on=date(2026, 2, 2)
    )
    assert balance() == D("0.00")
    assert CreditLine.objects.filter(credit=credit, active=True).count() == 0
    with pytest.raises(BusinessRuleError, match="already been reversed"):
        reverse_credit(coordinator=coordinator, credit=credit, reason="again")
    again = record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 31),
        on=date(2026, 2, 3),
    )
    assert again.amount == D("620.00")


def test_credit_refused_for_hours_not_given_yet(coordinator, network):
    with pytest.raises(BusinessRuleError, match="once they have been given"):
        record_credit(
            coordinator=coordinator,
            facility=network["home"],
            up_to=date(2026, 3, 1),
            on=date(2026, 2, 1),
        )


def test_statement_csv_columns(coordinator, network):
    record_credit(
        coordinator=coordinator,
        facility=network["home"],
        up_to=date(2026, 1, 15),
        on=date(2026, 2, 1),
    )
    text = statement_csv(statement(network["home"], start=date(2026, 1, 1), end=date(2026, 1, 31)))
    rows = [line.split(",") for line in text.strip().split("\r\n")]
    assert rows[0] == STATEMENT_COLUMNS
    assert rows[1] == [
        "2026-01-15",
        "Ana",
        "project",
        "P1",
        "10.00",
        "yes",
        "45.00",
        "450.00",
        "EUR",
    ]
    assert len(rows) == 1 + 4
    assert rows[-1][5] == "no"
