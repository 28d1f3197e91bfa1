"""The money end of a collaborative project in a real browser: after the project journey
reaches closure, the coordinator sets the network's rate, invoices the phases' logged
hours, downloads the PDF and credits the lead's host facility; the facility's manager
opens the statement and sees the hours; the requester sees the invoice."""

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from biafed.billing.models import Invoice, InvoiceStatus
from biafed.projects.models import ProjectStatus
from tests.billing.factories import facility_manager
from tests.e2e.test_project_journey import project_cast, run_project_to_closure
from tests.factories import PASSWORD, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def set_rate(page, *, price: str, credit: str) -> None:
    page.goto("/billing/rates/")
    page.fill("#id_hourly_price", price)
    page.fill("#id_facility_credit", credit)
    page.fill("#id_consultation_credit", "0")
    page.click("[data-testid=save-rate]")
    page.wait_for_selector("text=The new rate is recorded.")


def invoice_the_phases(page, project, *, expected_total: str) -> Invoice:
    """From the billing overview, open the project and invoice every logged hour."""
    page.goto("/billing/")
    page.click(f"text={project.title}")
    page.click("[data-testid=new-invoice]")
    page.fill("#id_purchase_order", "BC-2026-118")
    page.wait_for_selector("[data-testid=preview-total]")  # the totals before issuing (htmx)
    assert page.inner_text("[data-testid=preview-total]") == expected_total
    page.click("[data-testid=issue-invoice]")
    page.click("[data-testid=confirm]")  # the confirmation says what issuing will do
    page.wait_for_selector("[data-testid=invoice-number]")
    return Invoice.objects.get(number=page.inner_text("[data-testid=invoice-number]"))


def download_pdf(page, selector: str) -> str:
    """Fetch the PDF behind a link with the page's session; return its text."""
    response = page.request.get(page.get_attribute(selector, "href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages)


def open_statement(page, facility) -> dict[str, str]:
    page.goto("/billing/")
    page.click("text=Host-facility statements")
    page.click(f"text={facility.name}")
    page.wait_for_selector("[data-testid=statement-totals]")
    return {
        name: page.inner_text(f"[data-testid={name}]")
        for name in ("project-hours", "mentoring-hours", "consultation-hours", "received")
    }


def test_closed_project_invoiced_and_credited_to_the_host_facility(open_page):
    cast = project_cast()
    project, pages = run_project_to_closure(open_page, cast)
    assert project.status == ProjectStatus.COMPLETED
    coordinator = pages["coordinator"]

    # The coordinator sets the one price of the network and invoices the phases.
    set_rate(coordinator, price="60.00", credit="45.00")
    invoice = invoice_the_phases(coordinator, project, expected_total="1,116.00\u00a0EUR")
    assert [(line.description, line.hours) for line in invoice.lines.all()] == [
        (project.phases.get(order=1).title, Decimal("7.50")),
        ("Implementation", Decimal("8.00")),
    ]
    assert (invoice.subtotal, invoice.vat_amount, invoice.total) == (
        Decimal("930.00"),
        Decimal("186.00"),
        Decimal("1116.00"),
    )
    assert invoice.institution == "CNRS Bretagne"
    assert coordinator.inner_text("[data-testid=invoice-total]") == "1,116.00\u00a0EUR"
    text = download_pdf(coordinator, "[data-testid=invoice-pdf]")
    assert invoice.number in text and "CNRS Bretagne" in text and "1,116.00" in text

    # The lead's host facility is credited from its statement page.
    lead_facility = cast.lead.analyst_profile.host_facility
    totals = open_statement(coordinator, lead_facility)
    assert totals["project-hours"] == "14"
    coordinator.click("[data-testid=record-credit]")
    coordinator.wait_for_selector("text=is credited")
    assert coordinator.inner_text("[data-testid=received]") == "630.00\u00a0EUR"
    mentor_totals = open_statement(coordinator, cast.mentor.analyst_profile.host_facility)
    assert mentor_totals["mentoring-hours"] == "1.5"

    # The facility's manager sees the hours their analyst gave and what came back.
    manager = facility_manager(lead_facility)
    verified(manager)
    manager_page = open_page(manager, PASSWORD)
    assert open_statement(manager_page, lead_facility) == {
        "project-hours": "14",
        "mentoring-hours": "0",
        "consultation-hours": "0",
        "received": "630.00\u00a0EUR",
    }
    assert "Lea Lead" in manager_page.inner_text("[data-testid=statement-lines]")

    # The requester sees the invoice of their project and pays it (the coordinator records it).
    requester = pages["requester"]
    requester.goto(f"/billing/projects/{project.pk}/")
    assert invoice.number in requester.inner_text("main")
    assert invoice.number in download_pdf(requester, f"a[href$='/invoices/{invoice.pk}/pdf/']")
    coordinator.goto(f"/billing/invoices/{invoice.pk}/")
    coordinator.click("[data-testid=mark-paid]")
    coordinator.click("[data-testid=confirm]")  # paid is final: the page says so first
    coordinator.wait_for_selector("text=Payment recorded.")
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
