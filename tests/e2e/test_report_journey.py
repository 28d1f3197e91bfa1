"""A coordinator reads the year's network report with its charts in a real browser and
downloads the PDF (the hand-counted network of tests/reporting/network_world.py)."""

import io

import pytest
from pypdf import PdfReader

from tests.factories import PASSWORD, verified
from tests.reporting import network_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_reads_the_years_report_and_downloads_the_pdf(open_page):
    world = network_world.build()
    verified(world.coordinator)
    page = open_page(world.coordinator, PASSWORD)

    page.goto("/reports/")
    page.click("[data-testid=network-report]")
    page.fill("#id_start", "2025-01-01")
    page.fill("#id_end", "2025-12-31")
    page.click("[data-testid=report-period] button")
    page.wait_for_selector("[data-testid=report-period-text]")

    held = page.locator("[data-key='opendesk.sessions_held']")
    assert held.locator("[data-testid=indicator-value]").inner_text() == "2"
    assert held.locator("[data-testid=indicator-previous]").inner_text() == "1"
    assert held.locator("svg rect").count() >= 2  # previous and this year, drawn on the server
    assert "Alpha imaging" in page.inner_text("[data-testid=by-site]")

    href = page.get_attribute("[data-testid=report-pdf]", "href")
    response = page.request.get(page.url.split("?")[0] + href)
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "Sessions held: 2" in text
    assert "2025-01-01 to 2025-12-31" in text
