from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from biafed.billing.models import (
    CreditNote,
    EntryKind,
    Invoice,
    InvoiceStatus,
    LedgerEntry,
)
from biafed.billing.selectors import project_billing
from biafed.billing.services.invoices import cancel_invoice, issue_invoice, mark_paid
from biafed.billing.services.ledger import balance
from biafed.billing.services.quotes import issue_quote
from biafed.common.errors import BusinessRuleError
from biafed.projects.models import ProjectStatus
from tests.billing.factories import EffortFactory, PhaseFactory, ProjectFactory, rate

D = Decimal


@pytest.fixture
def project(db):
    """A project with a feasibility phase (10 h budget, 12.5 h logged) and an
    implementation phase (30 h budget, 6 h logged), plus 1 h outside phases."""
    project = ProjectFactory(status=ProjectStatus.ACTIVE)
    feasibility = PhaseFactory(project=project, order=1, title="Feasibility", budget_hours=D(10))
    implementation = PhaseFactory(
        project=project, order=2, title="Implementation", budget_hours=D(30)
    )
    EffortFactory(project=project, phase=feasibility, hours=D("8.5"))
    EffortFactory(project=project, phase=feasibility, hours=D("4"), analyst=project.mentor)
    EffortFactory(project=project, phase=implementation, hours=D("6"))
    EffortFactory(project=project, phase=None, hours=D("1"))
    return project


def phases(project):
    return {row.label: row for row in project_billing(project).phases}


def test_hours_per_phase_against_the_quote(coordinator, project):
    rate(price="60.00")
    issue_quote(coordinator=coordinator, project=project, on=date(2026, 1, 10))
    rows = phases(project)
    feasibility = rows["Feasibility"]
    assert (feasibility.budget_hours, feasibility.logged_hours, feasibility.difference) == (
        D("10.00"),
        D("12.50"),
        D("2.50"),
    )
    assert feasibility.over_budget
    implementation = rows["Implementation"]
    assert (implementation.difference, implementation.over_budget) == (D("-24.00"), False)
    outside = rows["Work outside any phase"]
    assert (outside.logged_hours, outside.budget_hours, outside.billable_hours) == (
        D("1.00"),
        None,
        D("1.00"),
    )


def test_invoice_bills_chosen_hours_per_phase_with_vat(coordinator, project):
    rate(price="61.37")
    quote = issue_quote(coordinator=coordinator, project=project, on=date(2026, 2, 1))
    rows = phases(project)

    invoice = issue_invoice(
        coordinator=coordinator,
        project=project,
        hours_by_phase={rows["Feasibility"].phase.pk: D("10"), "none": D("1")},
        on=date(2026, 2, 20),
    )

    assert invoice.number == "INV-2026-0001"
    assert invoice.quote == quote
    assert [(line.description, line.hours, line.amount) for line in invoice.lines.all()] == [
        ("Feasibility", D("10.00"), D("613.70")),
        ("Work outside any phase", D("1.00"), D("61.37")),
    ]
    assert (invoice.subtotal, invoice.vat_amount, invoice.total) == (
        D("675.07"),
        D("135.01"),
        D("810.08"),
    )
    assert invoice.institution == project.invoice_institution
    assert invoice.address == project.invoice_address
    assert invoice.due_on == date(2026, 3, 22)
    rows = phases(project)
    assert rows["Feasibility"].billable_hours == D("2.50")
    income = LedgerEntry.objects.get(invoice=invoice)
    assert (income.kind, income.amount, income.booked_on) == (
        EntryKind.INVOICE,
        D("675.07"),
        date(2026, 2, 20),
    )


def test_invoice_refuses_more_hours_than_logged_and_not_invoiced(coordinator, project):
    rate()
    feasibility = phases(project)["Feasibility"].phase
    issue_invoice(coordinator=coordinator, project=project, hours_by_phase={feasibility.pk: 12})
    with pytest.raises(BusinessRuleError, match="only 0.50 logged hours"):
        issue_invoice(coordinator=coordinator, project=project, hours_by_phase={feasibility.pk: 1})
    with pytest.raises(BusinessRuleError, match="at least one phase"):
        issue_invoice(coordinator=coordinator, project=project, hours_by_phase={feasibility.pk: 0})
    other = PhaseFactory()
    with pytest.raises(BusinessRuleError, match="does not belong"):
        issue_invoice(coordinator=coordinator, project=project, hours_by_phase={other.pk: 1})
    assert Invoice.objects.count() == 1


def test_invoice_without_quote_uses_the_rate_in_force(coordinator, project):
    rate(date(2020, 1, 1), price="50.00")
    rate(date(2026, 6, 1), price="70.00")
    implementation = phases(project)["Implementation"].phase
    invoice = issue_invoice(
        coordinator=coordinator,
        project=project,
        hours_by_phase={implementation.pk: 6},
        on=date(2026, 6, 2),
        vat_percent=D("0"),
        vat_note="Reverse charge",
    )
    assert (invoice.quote, invoice.subtotal, invoice.total) == (None, D("420.00"), D("420.00"))


def test_numbers_are_sequential_per_year_without_gaps(coordinator, db):
    rate()
    numbers = []
    for day in (date(2025, 12, 30), date(2026, 1, 2), date(2026, 1, 2), date(2026, 1, 3)):
        effort = EffortFactory(hours=D("2"))
        numbers.append(
            issue_invoice(
                coordinator=coordinator,
                project=effort.project,
                hours_by_phase={"none": 2},
                on=day,
            ).number
        )
    assert numbers == ["INV-2025-0001", "INV-2026-0001", "INV-2026-0002", "INV-2026-0003"]


def test_refused_invoice_gives_its_number_back(coordinator, db):
    rate()
    effort = EffortFactory(hours=D("2"))
    with pytest.raises(BusinessRuleError):
        issue_invoice(coordinator=coordinator, project=effort.project, hours_by_phase={"none": 3})
    invoice = issue_invoice(
        coordinator=coordinator, project=effort.project, hours_by_phase={"none": 2}
    )
    assert invoice.sequence == 1


def test_database_refuses_a_duplicate_number(coordinator, db):
    rate()
    effort = EffortFactory(hours=D("2"))
    invoice = issue_invoice(
        coordinator=coordinator, project=effort.project, hours_by_phase={"none": 1}
    )
    clone = Invoice.objects.get(pk=invoice.pk)
    clone.pk = None
    clone.number = "INV-X"
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_invoice_refused_before_a_later_dated_one(coordinator, db):
    rate()
    first, second = EffortFactory(hours=D("2")), EffortFactory(hours=D("2"))
    issue_invoice(
        coordinator=coordinator,
        project=first.project,
        hours_by_phase={"none": 1},
        on=date(2026, 5, 2),
    )
    with pytest.raises(BusinessRuleError, match="numbers must follow dates"):
        issue_invoice(
            coordinator=coordinator,
            project=second.project,
            hours_by_phase={"none": 1},
            on=date(2026, 5, 1),
        )


def test_cancel_credits_the_invoice_and_frees_its_hours(coordinator, project):
    rate()
    feasibility = phases(project)["Feasibility"].phase
    invoice = issue_invoice(
        coordinator=coordinator,
        project=project,
        hours_by_phase={feasibility.pk: 10},
        on=date(2026, 3, 1),
    )
    assert balance() == D("600.00")

    note = cancel_invoice(
        coordinator=coordinator, invoice=invoice, reason="Wrong institution", on=date(2026, 3, 2)
    )

    invoice.refresh_from_db()
    assert (invoice.status, note.number, note.invoice) == (
        InvoiceStatus.CANCELLED,
        "CN-2026-0001",
        invoice,
    )
    assert Invoice.objects.filter(pk=invoice.pk).exists()  # never deleted
    assert phases(project)["Feasibility"].billable_hours == D("12.50")
    assert balance() == D("0.00")
    reversal = LedgerEntry.objects.get(credit_note=note)
    assert (reversal.amount, reversal.reverses.invoice) == (D("-600.00"), invoice)
    again = issue_invoice(
        coordinator=coordinator, project=project, hours_by_phase={feasibility.pk: "12.5"}
    )
    assert again.number == "INV-2026-0002"


def test_paid_invoice_cannot_be_cancelled(coordinator, project):
    rate()
    invoice = issue_invoice(coordinator=coordinator, project=project, hours_by_phase={"none": 1})
    with pytest.raises(BusinessRuleError, match="before it was issued"):
        mark_paid(coordinator=coordinator, invoice=invoice, paid_on=date(2000, 1, 1))
    mark_paid(coordinator=coordinator, invoice=invoice)
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    with pytest.raises(BusinessRuleError, match="paid one needs a refund"):
        cancel_invoice(coordinator=coordinator, invoice=invoice, reason="late")
    with pytest.raises(BusinessRuleError):
        mark_paid(coordinator=coordinator, invoice=invoice)
    assert CreditNote.objects.count() == 0


def test_cancel_needs_a_reason(coordinator, project):
    rate()
    invoice = issue_invoice(coordinator=coordinator, project=project, hours_by_phase={"none": 1})
    with pytest.raises(BusinessRuleError, match="why"):
        cancel_invoice(coordinator=coordinator, invoice=invoice, reason="  ")


def test_draft_projects_are_not_invoiced(coordinator, db):
    rate()
    effort = EffortFactory(project=ProjectFactory(status=ProjectStatus.SUBMITTED))
    with pytest.raises(BusinessRuleError, match="accepted"):
        issue_invoice(coordinator=coordinator, project=effort.project, hours_by_phase={"none": 1})
