"""The billing pages as a coordinator sees them, the exports, and their query counts."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from biafed.billing.exports import INVOICE_COLUMNS, INVOICE_LINE_COLUMNS
from biafed.billing.models import Invoice, InvoiceStatus, LedgerEntry, NetworkRate, Quote
from biafed.billing.services.credits import record_credit
from biafed.billing.services.invoices import cancel_invoice, issue_invoice
from biafed.billing.services.ledger import record_subsidy
from biafed.billing.services.quotes import issue_quote
from tests.billing.factories import EffortFactory, PhaseFactory, ProjectFactory, rate

D = Decimal


def pdf_text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def billed(coordinator):
    """A quoted project with an invoice, a subsidy and a host-facility credit."""
    rate(date(2020, 1, 1), price="60.00")
    project = ProjectFactory(title="Red blood cells", requester__full_name="Rita Requester")
    phase = PhaseFactory(project=project, title="Feasibility", budget_hours=D(10))
    EffortFactory(project=project, phase=phase, hours=D("7.25"), date=date(2025, 12, 1))
    quote = issue_quote(coordinator=coordinator, project=project, on=date(2025, 11, 20))
    invoice = issue_invoice(
        coordinator=coordinator,
        project=project,
        hours_by_phase={phase.pk: "7.25"},
        on=date(2025, 12, 5),
    )
    record_subsidy(coordinator=coordinator, amount="10000", source="France-BioImaging", label="")
    facility = project.lead.analyst_profile.host_facility
    record_credit(coordinator=coordinator, facility=facility, up_to=date(2025, 12, 31))
    return {
        "project": project,
        "phase": phase,
        "quote": quote,
        "invoice": invoice,
        "facility": facility,
    }


def test_billing_pages_render_for_a_coordinator(client, coordinator, billed):
    client.force_login(coordinator)
    invoice, project = billed["invoice"], billed["project"]
    pages = [
        reverse("billing:home"),
        reverse("billing:rates"),
        reverse("billing:project", args=[project.pk]),
        reverse("billing:issue_invoice", args=[project.pk]),
        reverse("billing:invoice_list"),
        reverse("billing:invoice", args=[invoice.pk]),
        reverse("billing:cancel_invoice", args=[invoice.pk]),
        reverse("billing:ledger"),
        reverse("billing:record_subsidy"),
        reverse("billing:record_expense"),
        reverse("billing:statements"),
        reverse("billing:statement", args=[billed["facility"].pk])
        + "?start=2025-01-01&end=2025-12-31",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("billing:project", args=[project.pk])).content.decode()
    assert billed["quote"].number in page and invoice.number in page
    ledger = client.get(reverse("billing:ledger")).content.decode()
    assert "10,108.75" in ledger  # 10,000 subsidy + 435.00 invoice - 7.25 h × 45.00 credit


def test_invoice_pdf_carries_number_amounts_and_address(client, coordinator, billed):
    client.force_login(coordinator)
    invoice = billed["invoice"]
    text = pdf_text(client.get(reverse("billing:invoice_pdf", args=[invoice.pk])))
    assert invoice.number in text
    assert "Université de Montpellier – Service financier" in text
    assert "435.00" in text and "522.00" in text  # 7.25 h × 60.00, + 20 % VAT
    quote_text = pdf_text(client.get(reverse("billing:quote_pdf", args=[billed["quote"].pk])))
    assert billed["quote"].number in quote_text and "600.00" in quote_text


def test_cancelled_invoice_pdf_names_its_credit_note(client, coordinator, billed):
    note = cancel_invoice(coordinator=coordinator, invoice=billed["invoice"], reason="Duplicate")
    client.force_login(coordinator)
    assert note.number in pdf_text(
        client.get(reverse("billing:invoice_pdf", args=[billed["invoice"].pk]))
    )
    text = pdf_text(client.get(reverse("billing:credit_note_pdf", args=[note.pk])))
    assert note.number in text and billed["invoice"].number in text and "Duplicate" in text


def test_invoice_csv_exports(client, coordinator, billed):
    client.force_login(coordinator)
    invoice = billed["invoice"]
    rows = csv_rows(client.get(reverse("billing:invoice_list") + "?format=csv"))
    assert rows[0] == INVOICE_COLUMNS
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["number"], record["subtotal"], record["vat_amount"], record["total"]) == (
        invoice.number,
        "435.00",
        "87.00",
        "522.00",
    )
    assert record["address"] == "163 rue Auguste Broussonnet, 34090 Montpellier, France"
    lines = csv_rows(client.get(reverse("billing:invoice_csv", args=[invoice.pk])))
    assert lines[0] == INVOICE_LINE_COLUMNS
    assert lines[1] == [
        invoice.number,
        "1",
        "Feasibility",
        "7.25",
        "10.00",
        "7.25",
        "60.00",
        "435.00",
        "EUR",
    ]
    list_pdf = pdf_text(client.get(reverse("billing:invoice_list") + "?format=pdf"))
    assert invoice.number in list_pdf


def test_statement_exports(client, coordinator, billed):
    client.force_login(coordinator)
    url = (
        reverse("billing:statement", args=[billed["facility"].pk])
        + "?start=2025-01-01&end=2025-12-31"
    )
    rows = csv_rows(client.get(url + "&format=csv"))
    assert rows[1][:6] == [
        "2025-12-01",
        str(billed["project"].lead),
        "project",
        "Red blood cells",
        "7.25",
        "yes",
    ]
    text = pdf_text(client.get(url + "&format=pdf"))
    assert billed["facility"].name in text and "7.25" in text


def test_coordinator_sets_a_rate_from_the_page(client, coordinator):
    client.force_login(coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("billing:rates"),
        {
            "valid_from": today.isoformat(),
            "hourly_price": "64.00",
            "facility_credit": "48",
            "consultation_credit": "0",
        },
    )
    assert response.status_code == 302
    assert NetworkRate.objects.get().hourly_price == D("64.00")


def test_rate_form_keeps_what_was_typed_on_error(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("billing:rates"),
        {
            "valid_from": "2001-01-01",
            "hourly_price": "64.125",
            "facility_credit": "48",
            "consultation_credit": "0",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="64.125"' in page and "2 decimal places" in page
    assert NetworkRate.objects.count() == 0


def test_coordinator_issues_quote_and_invoice_from_the_pages(client, coordinator):
    rate(price="60.00")
    project = ProjectFactory()
    phase = PhaseFactory(project=project, title="Feasibility", budget_hours=D(10))
    EffortFactory(project=project, phase=phase, hours=D("12"))
    client.force_login(coordinator)
    client.post(
        reverse("billing:issue_quote", args=[project.pk]),
        {"vat_percent": "20", "vat_note": "", "confirm": "yes"},
    )
    assert Quote.objects.get(project=project).subtotal == D("600.00")
    form = client.get(reverse("billing:issue_invoice", args=[project.pk])).content.decode()
    assert "over budget" in form
    too_many = client.post(
        reverse("billing:issue_invoice", args=[project.pk]),
        {f"hours_{phase.pk}": "13", "vat_percent": "20"},
    )
    assert too_many.status_code == 200 and 'value="13"' in too_many.content.decode()
    response = client.post(
        reverse("billing:issue_invoice", args=[project.pk]),
        {
            f"hours_{phase.pk}": "10",
            "vat_percent": "20",
            "purchase_order": "PO-77",
            "confirm": "yes",
        },
    )
    invoice = Invoice.objects.get(project=project)
    assert response.url == reverse("billing:invoice", args=[invoice.pk])
    assert (invoice.hours, invoice.purchase_order) == (D("10.00"), "PO-77")
    paid = {"paid_on": timezone.localdate().isoformat()}
    page = client.post(reverse("billing:mark_paid", args=[invoice.pk]), paid).content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED  # the confirmation first
    assert "can then be neither changed nor cancelled" in page
    client.post(reverse("billing:mark_paid", args=[invoice.pk]), {**paid, "confirm": "yes"})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


def test_coordinator_records_subsidy_and_reverses_it(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("billing:record_subsidy"),
        {
            "amount": "5000",
            "source": "FBI",
            "label": "",
            "booked_on": timezone.localdate().isoformat(),
        },
    )
    entry = LedgerEntry.objects.get()
    client.post(
        reverse("billing:reverse_entry", args=[entry.pk]), {"reason": "Typo", "confirm": "yes"}
    )
    assert LedgerEntry.objects.count() == 2
    page = client.get(reverse("billing:ledger")).content.decode()
    assert "(reversed)" in page


def test_list_pages_do_not_query_per_row(client, coordinator, django_assert_max_num_queries):
    rate()
    for n in range(12):
        effort = EffortFactory(hours=D("2"))
        issue_invoice(coordinator=coordinator, project=effort.project, hours_by_phase={"none": 1})
        record_subsidy(coordinator=coordinator, amount=str(n + 1), source="FBI", label="")
    client.force_login(coordinator)
    for name in ("billing:invoice_list", "billing:ledger", "billing:home"):
        with django_assert_max_num_queries(14):
            assert client.get(reverse(name)).status_code == 200


def test_invoice_preview_prices_the_hours_without_issuing(client, coordinator):
    rate(price="60.00")
    project = ProjectFactory()
    phase = PhaseFactory(project=project, budget_hours=D(10))
    EffortFactory(project=project, phase=phase, hours=D("12"))
    client.force_login(coordinator)
    url = reverse("billing:invoice_preview", args=[project.pk])
    page = client.post(url, {f"hours_{phase.pk}": "2.5", "vat_percent": "20"}).content.decode()
    assert "150.00" in page and "180.00" in page  # 2.5 h × 60, + 20 % VAT
    refused = client.post(url, {f"hours_{phase.pk}": "13", "vat_percent": "20"}).content.decode()
    assert 'class="error"' in refused
    assert Invoice.objects.count() == 0


def test_statement_and_project_pages_do_not_query_per_line(
    client, coordinator, django_assert_max_num_queries
):
    rate()
    project = ProjectFactory()
    phases = [PhaseFactory(project=project, order=n) for n in range(1, 4)]
    for n in range(30):
        EffortFactory(
            project=project, phase=phases[n % 3], hours=D("1.5"), date=date(2026, 1, 1 + n)
        )
    facility = project.lead.analyst_profile.host_facility
    record_credit(coordinator=coordinator, facility=facility, up_to=date(2026, 1, 15))
    issue_invoice(coordinator=coordinator, project=project, hours_by_phase={phases[0].pk: 3})
    client.force_login(coordinator)
    statement_url = (
        reverse("billing:statement", args=[facility.pk]) + "?start=2026-01-01&end=2026-12-31"
    )
    for url in (statement_url, reverse("billing:project", args=[project.pk])):
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200


def test_ledger_csv_has_a_running_balance(client, coordinator, billed):
    from biafed.billing.views.ledger import LEDGER_COLUMNS

    client.force_login(coordinator)
    rows = csv_rows(client.get(reverse("billing:ledger") + "?format=csv"))
    assert rows[0] == LEDGER_COLUMNS
    running = D("0")
    for row in rows[1:]:
        running += D(row[4])
        assert D(row[5]) == running
    assert running == D("10108.75")


def test_project_page_shows_its_billing_to_the_requester_and_not_to_an_outsider(client, billed):
    from tests.factories import RequesterFactory

    project = billed["project"]
    url = reverse("projects:detail", args=[project.pk])

    client.force_login(project.requester)
    page = client.get(url).content.decode()
    assert 'data-testid="project-billing"' in page
    assert billed["quote"].number in page

    client.force_login(RequesterFactory())
    outsider = client.get(url)
    assert outsider.status_code in (403, 404)
    assert 'data-testid="project-billing"' not in outsider.content.decode()


def test_invoice_csv_neutralises_formulas_a_requester_typed(client, coordinator, billed):
    project = billed["project"]
    project.title = '=HYPERLINK("http://evil.example","Click")'
    project.save(update_fields=["title"])
    billed["invoice"].purchase_order = "@SUM(1+1)"
    billed["invoice"].save(update_fields=["purchase_order"])
    client.force_login(coordinator)
    rows = csv_rows(client.get(reverse("billing:invoice_list") + "?format=csv"))
    record = dict(zip(rows[0], rows[1], strict=True))
    assert (record["project"], record["purchase_order"], record["total"]) == (
        '\'=HYPERLINK("http://evil.example","Click")',
        "'@SUM(1+1)",
        "522.00",
    )


def test_quote_and_invoice_are_issued_only_once_confirmed(client, coordinator):
    rate(price="60.00")
    project = ProjectFactory(requester_institution="Institut Pasteur")
    phase = PhaseFactory(project=project, title="Feasibility", budget_hours=D(10))
    EffortFactory(project=project, phase=phase, hours=D("4"))
    client.force_login(coordinator)
    quote_url = reverse("billing:issue_quote", args=[project.pk])

    page = client.post(quote_url, {"vat_percent": "20"}).content.decode()
    assert not Quote.objects.exists()
    assert "A quote of 10 hours at" in page

    client.post(quote_url, {"vat_percent": "20", "confirm": "yes"})
    assert Quote.objects.filter(project=project).count() == 1

    invoice_url = reverse("billing:issue_invoice", args=[project.pk])
    answers = {f"hours_{phase.pk}": "4", "vat_percent": "20"}
    page = client.post(invoice_url, answers).content.decode()
    assert not Invoice.objects.exists()
    assert "An invoice of 4 hours" in page and "only a credit note can cancel it" in page

    client.post(invoice_url, {**answers, "confirm": "yes"})
    invoice = Invoice.objects.get(project=project)

    cancel_url = reverse("billing:cancel_invoice", args=[invoice.pk])
    page = client.post(cancel_url, {"reason": "Wrong address"}).content.decode()
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.ISSUED
    assert "A credit note of" in page

    client.post(cancel_url, {"reason": "Wrong address", "confirm": "yes"})
    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.CANCELLED
    assert "cannot be done now" in client.post(cancel_url, {"reason": "Again"}).content.decode()
