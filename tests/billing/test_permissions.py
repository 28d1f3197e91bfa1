"""Who sees what: coordinator, requester (owner), lead and mentor (participants), an
outsider, the manager of the lead's host facility and the manager of another facility."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from biafed.billing.rules import (
    visible_billing_projects,
    visible_facilities,
    visible_invoices,
    visible_quotes,
)
from biafed.billing.services.invoices import issue_invoice
from biafed.billing.services.quotes import issue_quote
from biafed.projects.models import Project
from tests.billing.factories import (
    EffortFactory,
    PhaseFactory,
    ProjectFactory,
    facility_manager,
    rate,
)
from tests.factories import AnalystFactory, HostFacilityFactory, RequesterFactory


@pytest.fixture
def world(coordinator):
    rate()
    project = ProjectFactory()
    phase = PhaseFactory(project=project, budget_hours=Decimal(10))
    EffortFactory(project=project, phase=phase, hours=Decimal(3), date=date(2026, 1, 10))
    quote = issue_quote(coordinator=coordinator, project=project, on=date(2026, 1, 5))
    invoice = issue_invoice(
        coordinator=coordinator, project=project, hours_by_phase={phase.pk: 3}, on=date(2026, 1, 11)
    )
    facility = project.lead.analyst_profile.host_facility
    return {
        "project": project,
        "quote": quote,
        "invoice": invoice,
        "facility": facility,
        "coordinator": coordinator,
        "requester": project.requester,
        "lead": project.lead,
        "mentor": project.mentor,
        "outsider": RequesterFactory(),
        "analyst": AnalystFactory(),
        "own_manager": facility_manager(facility),
        "other_manager": facility_manager(HostFacilityFactory()),
    }


def urls(world):
    project, invoice, quote = world["project"], world["invoice"], world["quote"]
    return {
        "project": reverse("billing:project", args=[project.pk]),
        "invoice": reverse("billing:invoice", args=[invoice.pk]),
        "invoice_pdf": reverse("billing:invoice_pdf", args=[invoice.pk]),
        "invoice_csv": reverse("billing:invoice_csv", args=[invoice.pk]),
        "quote_pdf": reverse("billing:quote_pdf", args=[quote.pk]),
    }


PROJECT_MONEY = {
    "coordinator": 200,
    "requester": 200,
    "lead": 200,
    "mentor": 200,
    "outsider": 404,
    "analyst": 404,
    "own_manager": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize(("who", "status"), PROJECT_MONEY.items())
def test_project_money_is_seen_by_requester_team_and_coordinators(client, world, who, status):
    client.force_login(world[who])
    for name, url in urls(world).items():
        assert client.get(url).status_code == status, (who, name)


@pytest.mark.parametrize("who", ["requester", "lead", "outsider", "own_manager"])
def test_only_coordinators_change_money(client, world, who):
    client.force_login(world[who])
    project, invoice = world["project"], world["invoice"]
    posts = [
        (reverse("billing:issue_quote", args=[project.pk]), {"vat_percent": "20"}),
        (reverse("billing:issue_invoice", args=[project.pk]), {"vat_percent": "20"}),
        (reverse("billing:mark_paid", args=[invoice.pk]), {"paid_on": "2026-02-01"}),
        (reverse("billing:cancel_invoice", args=[invoice.pk]), {"reason": "x"}),
        (
            reverse("billing:rates"),
            {"valid_from": "2099-01-01", "hourly_price": "1", "facility_credit": "1"},
        ),
        (
            reverse("billing:record_subsidy"),
            {"amount": "1", "source": "x", "booked_on": "2026-01-01"},
        ),
        (reverse("billing:record_credit", args=[world["facility"].pk]), {"up_to": "2026-01-31"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    invoice.refresh_from_db()
    assert invoice.status == "issued"


@pytest.mark.parametrize(
    ("who", "own", "other", "ledger"),
    [
        ("coordinator", 200, 200, 200),
        ("own_manager", 200, 404, 403),
        ("other_manager", 404, 200, 403),
        ("requester", 404, 404, 403),
        ("lead", 404, 404, 403),
        ("outsider", 404, 404, 403),
    ],
)
def test_statements_are_seen_by_their_facility_manager(client, world, who, own, other, ledger):
    other_facility = world["other_manager"].managed_facilities.get()
    client.force_login(world[who])
    assert client.get(reverse("billing:statement", args=[world["facility"].pk])).status_code == own
    assert (
        client.get(
            reverse("billing:statement", args=[world["facility"].pk]) + "?format=csv"
        ).status_code
        == own
    )
    assert client.get(reverse("billing:statement", args=[other_facility.pk])).status_code == other
    assert client.get(reverse("billing:ledger")).status_code == ledger


def test_manager_without_the_role_sees_no_statement(client, world):
    former = world["lead"]
    world["facility"].managers.add(former)  # listed, but not a host-facility manager by role
    client.force_login(former)
    assert client.get(reverse("billing:statement", args=[world["facility"].pk])).status_code == 404


def test_querysets_follow_the_rules(world):
    project, invoice, quote = world["project"], world["invoice"], world["quote"]
    projects = Project.objects.all()
    for who in ("coordinator", "requester", "lead", "mentor"):
        user = world[who]
        assert list(visible_invoices(user)) == [invoice], who
        assert list(visible_quotes(user)) == [quote], who
        assert list(visible_billing_projects(user, projects)) == [project], who
    for who in ("outsider", "analyst", "own_manager", "other_manager"):
        user = world[who]
        assert list(visible_invoices(user)) == [], who
        assert list(visible_quotes(user)) == [], who
        assert list(visible_billing_projects(user, projects)) == [], who
    assert list(visible_facilities(world["own_manager"])) == [world["facility"]]
    assert list(visible_facilities(world["requester"])) == []


def test_invoice_list_shows_only_visible_invoices(client, world):
    client.force_login(world["outsider"])
    assert (
        world["invoice"].number not in client.get(reverse("billing:invoice_list")).content.decode()
    )
    assert (
        world["invoice"].number
        not in client.get(reverse("billing:invoice_list") + "?format=csv").content.decode()
    )
    client.force_login(world["requester"])
    assert world["invoice"].number in client.get(reverse("billing:invoice_list")).content.decode()


def test_project_page_include_shows_billing_only_to_those_allowed(world):
    template = Template('{% include "billing/_project_billing.html" with project=project %}')
    for who, shown in (
        ("requester", True),
        ("mentor", True),
        ("outsider", False),
        ("own_manager", False),
    ):
        request = RequestFactory().get("/")
        request.user = world[who]
        html = template.render(Context({"request": request, "project": world["project"]}))
        assert (world["quote"].number in html) == shown, who


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in urls(world).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
