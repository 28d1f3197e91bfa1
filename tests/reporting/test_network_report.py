"""The network report as a command (JSON, CSV, PDF), as a page and as a facility's
statement: the same figures everywhere, the same bytes for the same data."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from biafed.billing.services.invoices import issue_invoice
from biafed.reporting.report import Period, build_report
from tests.billing.factories import facility_manager, rate
from tests.reporting import network_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return network_world.build()


def run(tmp_path, fmt, *extra) -> bytes:
    out = tmp_path / f"report.{fmt}"
    call_command(
        "network_report", "--from", "2025-01-01", "--to", "2025-12-31", "--format", fmt,
        "--output", str(out), *extra,
    )  # fmt: skip
    return out.read_bytes()


def test_command_json_has_the_documented_shape_and_the_hand_counted_values(world, tmp_path):
    report = json.loads(run(tmp_path, "json"))

    assert report["period"]["from"] == "2025-01-01"
    assert report["period"]["previous_to"] == "2024-12-31"
    row = next(r for r in report["indicators"] if r["key"] == "opendesk.sessions_held")
    assert {k: row[k] for k in ("label", "category", "value", "previous", "unit")} == {
        "label": "Sessions held",
        "category": "Open desk",
        "value": 2,
        "previous": 1,
        "unit": "count",
    }
    assert [entry["site"]["name"] for entry in report["by_site"]] == [
        "Alpha imaging",
        "Beta imaging",
    ]


def test_command_writes_the_same_bytes_twice(world, tmp_path):
    for fmt in ("json", "csv", "pdf"):
        assert run(tmp_path, fmt) == run(tmp_path, fmt), fmt


def test_command_pdf_is_a_pdf(world, tmp_path):
    assert run(tmp_path, "pdf").startswith(b"%PDF")


def test_command_csv_has_one_line_per_indicator_part(world, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run(tmp_path, "csv").decode())))

    network = {(r["key"], r["part"]): r for r in rows if r["site_id"] == ""}
    assert network[("opendesk.requests", "")]["value"] == "4"
    assert network[("opendesk.requests", "")]["previous"] == "1"
    assert network[("projects.by_channel", "open_desk")]["value"] == "1"
    alpha = {r["key"]: r["value"] for r in rows if r["site"] == "Alpha imaging"}
    assert alpha["projects.effort_hours"] == "10"


def test_command_for_one_site_reports_that_site_only(world, tmp_path):
    report = json.loads(run(tmp_path, "json", "--site", str(world.beta.pk)))

    assert report["period"]["site"]["name"] == "Beta imaging"
    row = next(r for r in report["indicators"] if r["key"] == "opendesk.no_show_rate")
    assert row["value"] == 50


def test_command_refuses_bad_dates_and_unknown_site(world, tmp_path):
    out = str(tmp_path / "x.json")
    with pytest.raises(CommandError, match="not a date"):
        call_command(
            "network_report", "--from", "2025-13-01", "--to", "2025-12-31", "--output", out
        )
    with pytest.raises(CommandError, match="before"):
        call_command(
            "network_report", "--from", "2025-02-01", "--to", "2025-01-01", "--output", out
        )
    with pytest.raises(CommandError, match="No host facility"):
        call_command(
            "network_report", "--from", "2025-01-01", "--to", "2025-12-31", "--output", out,
            "--site", "999999",
        )  # fmt: skip


def test_page_shows_what_the_command_writes(world, tmp_path, client):
    report = json.loads(run(tmp_path, "json"))
    client.force_login(world.coordinator)

    response = client.get(
        reverse("reporting:network_report"), {"start": "2025-01-01", "end": "2025-12-31"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    for row in report["indicators"]:
        assert f'data-key="{row["key"]}"' in page
    shown = {
        r["key"]: (r["value"], r["previous"]) for r in response.context["report"]["indicators"]
    }
    assert shown == {r["key"]: (r["value"], r["previous"]) for r in report["indicators"]}
    assert page.count("<svg") >= len(report["indicators"])
    assert "style=" not in page.split("<main", 1)[-1]
    downloaded = client.get(
        reverse("reporting:network_report"),
        {"start": "2025-01-01", "end": "2025-12-31", "format": "json"},
    )
    assert json.loads(downloaded.content) == report


def test_page_downloads_the_pdf(world, client):
    client.force_login(world.coordinator)

    response = client.get(
        reverse("reporting:network_report"),
        {"start": "2025-01-01", "end": "2025-12-31", "format": "pdf"},
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_page_explains_a_period_that_ends_before_it_starts(world, client):
    client.force_login(world.coordinator)

    response = client.get(
        reverse("reporting:network_report"), {"start": "2025-02-01", "end": "2025-01-01"}
    )

    assert response.status_code == 400
    assert "The end of the period is before its start." in response.content.decode()


def test_facility_manager_reads_the_statement_of_their_facility_only(world, client):
    manager = facility_manager(world.alpha)
    client.force_login(manager)

    mine = client.get(
        reverse("reporting:site_statement", args=[world.alpha.pk]),
        {"start": "2025-01-01", "end": "2025-12-31"},
    )
    other = client.get(reverse("reporting:site_statement", args=[world.beta.pk]))
    network = client.get(reverse("reporting:network_report"))

    assert mine.status_code == 200
    values = {r["key"]: r["value"] for r in mine.context["report"]["indicators"]}
    assert values["opendesk.sessions_held"] == 2
    assert (other.status_code, network.status_code) == (404, 403)


def test_analyst_cannot_read_the_network_report(world, client):
    client.force_login(world.a1)

    assert client.get(reverse("reporting:network_report")).status_code == 403


def test_amounts_invoiced_count_issued_invoices_of_the_period(world):
    rate(price="60.00")
    invoice = issue_invoice(
        coordinator=world.coordinator,
        project=world.p1,
        hours_by_phase={"none": Decimal("10")},
        on=date(2025, 6, 1),
    )
    assert invoice.subtotal == Decimal("600.00")

    report = build_report(period=Period.year(2025))

    row = next(r for r in report["indicators"] if r["key"] == "billing.amount_invoiced")
    assert (row["value"], row["previous"], row["unit"]) == (600, 0, "amount")
    by_site = {e["site"]["name"]: e["values"]["billing.amount_invoiced"] for e in report["by_site"]}
    assert by_site == {"Alpha imaging": 600, "Beta imaging": 0}


def test_cached_page_is_read_again_without_computing_and_shows_new_data_at_once(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from biafed.network.services.help import ask_for_help

    year = str(timezone.localdate().year)
    params = {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    client.force_login(world.coordinator)

    def opened() -> int:
        response = client.get(reverse("reporting:network_report"), params)
        rows = {r["key"]: r["value"] for r in response.context["report"]["indicators"]}
        return rows["network.help_threads"]["opened"]

    before = opened()
    with CaptureQueriesContext(connection) as queries:
        assert opened() == before
    assert not [q for q in queries.captured_queries if "opendesk_booking" in q["sql"]]

    ask_for_help(analyst=world.a1, title="Stitching", question="Which tool for tiles?")

    assert opened() == before + 1
