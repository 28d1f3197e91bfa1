"""Each role's home page: what waits for the person (counts and links), then what is coming."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from biafed.billing.services.invoices import issue_invoice
from biafed.billing.services.quotes import issue_quote
from biafed.opendesk.models import BookingStatus, DayStatus
from biafed.people.models import Role
from biafed.projects.services import team
from tests.billing.factories import EffortFactory, PhaseFactory, facility_manager, rate
from tests.billing.factories import ProjectFactory as BillingProjectFactory
from tests.factories import (
    AnalystFactory,
    BookingFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    UserFactory,
    declare_available,
    held_booking,
    seat,
    submitted_booking,
)
from tests.projects.factories import (
    ProjectFactory,
    committee_member,
    give_review,
    submitted_project,
    under_review_project,
)

pytestmark = pytest.mark.django_db


def section(response, role: str) -> str:
    """The HTML of one role's section of the home page ("" when it is not shown)."""
    html = response.content.decode()
    start = html.find(f'id="home-{role}"')
    if start == -1:
        return ""
    return html[start : html.find("</section>", start)]


def home_of(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_requester_home_lists_drafts_missing_images_and_feedback(client):
    requester = RequesterFactory()
    day = OpenDeskDayFactory()
    draft = BookingFactory(requester=requester, day=day)
    BookingFactory(requester=requester, day=day, status=BookingStatus.DATA_MISSING)
    BookingFactory(requester=requester, day=day, status=BookingStatus.DATA_MISSING)
    held = held_booking(requester=requester, day=day)
    ProjectFactory(requester=requester)

    mine = section(home_of(client, requester), "requester")

    assert "1 draft booking to finish" in mine
    assert reverse("opendesk:booking_edit", args=[draft.pk]) in mine
    assert "2 bookings missing example images" in mine
    assert reverse("opendesk:booking_list") in mine
    assert "1 session to give feedback on" in mine
    assert reverse("opendesk:feedback", args=[held.pk]) in mine
    assert "1 project request to finish" in mine
    assert "1 open-desk day open for booking" in mine


def test_analyst_home_lists_availability_outcomes_and_invitations(client):
    analyst = AnalystFactory()
    day = OpenDeskDayFactory()
    held = held_booking(panel=[analyst], day=day)
    mine = section(home_of(client, analyst), "analyst")
    assert "1 open-desk day to declare your availability for" in mine
    assert reverse("opendesk:availability", args=[day.pk]) in mine
    assert "1 session outcome to record" in mine
    assert reverse("opendesk:outcome", args=[held.pk]) in mine

    declare_available(analyst, day.slots.last())
    mine = section(home_of(client, analyst), "analyst")
    assert "declare your availability" not in mine


def test_analyst_home_lists_panels_coming(client):
    analyst = AnalystFactory()
    booking = submitted_booking()
    seat(booking, analyst)
    booking.status = BookingStatus.ALLOCATED
    booking.save(update_fields=["status"])
    assert "1 panel coming" in section(home_of(client, analyst), "analyst")


def test_committee_home_lists_requests_to_review_until_reviewed(client):
    member = committee_member()
    project = under_review_project()
    mine = section(home_of(client, member), "committee")
    assert "1 request to review" in mine
    assert reverse("projects:review", args=[project.pk]) in mine

    give_review(project, member)
    assert "request to review" not in section(home_of(client, member), "committee")


def test_facility_manager_home_lists_capacity_offers_to_approve(client):
    manager = UserFactory(roles=(Role.FACILITY_MANAGER,))
    analyst = AnalystFactory()
    analyst.analyst_profile.host_facility.managers.add(manager)
    team.declare_capacity(analyst=analyst, hours_per_month=Decimal("8"))
    team.declare_capacity(analyst=AnalystFactory(), hours_per_month=Decimal("8"))  # elsewhere
    mine = section(home_of(client, manager), "facility_manager")
    assert "1 project-capacity offer to approve" in mine
    assert reverse("projects:capacity") in mine


def test_coordinator_home_lists_days_to_publish_and_requests_to_decide(client):
    coordinator = CoordinatorFactory()
    draft_day = OpenDeskDayFactory(status=DayStatus.DRAFT)
    OpenDeskDayFactory(registration_deadline=timezone.now() - timedelta(hours=1))
    submitted_project()
    mine = section(home_of(client, coordinator), "coordinator")
    assert "1 open-desk day to publish" in mine
    assert reverse("opendesk:day_dashboard", args=[draft_day.pk]) in mine
    assert "1 open-desk day whose panels to allocate" in mine
    assert "1 project request waiting for a decision" in mine
    assert reverse("projects:queue") in mine


def test_person_with_several_roles_sees_each_section(client):
    person = UserFactory(roles=(Role.REQUESTER, Role.COMMITTEE))
    response = home_of(client, person)
    assert section(response, "requester")
    assert section(response, "committee")
    assert section(response, "coordinator") == ""
    assert "Nothing waits for you here." in section(response, "committee")


def test_home_query_count_does_not_grow_with_rows(client):
    person = UserFactory(roles=(Role.REQUESTER, Role.ANALYST, Role.COORDINATOR, Role.COMMITTEE))
    client.force_login(person)
    BookingFactory(requester=person)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    for _ in range(4):
        BookingFactory(requester=person, status=BookingStatus.DATA_MISSING)
        OpenDeskDayFactory(status=DayStatus.DRAFT)
        submitted_project()
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("home"))
    assert "4 bookings missing example images" in section(response, "requester")
    assert len(many) == len(few)
    assert len(many) <= 30


def test_coordinator_and_facility_manager_homes_list_what_waits_in_billing(client):
    coordinator = CoordinatorFactory()
    rate(price="60.00")
    to_quote = ProjectFactory(status="accepted", estimated_hours=Decimal("20"))
    billed = BillingProjectFactory()
    phase = PhaseFactory(project=billed, budget_hours=Decimal(10))
    EffortFactory(project=billed, phase=phase, hours=Decimal("3"))
    issue_quote(coordinator=coordinator, project=billed, on=date(2026, 1, 2))
    invoice = issue_invoice(
        coordinator=coordinator,
        project=billed,
        hours_by_phase={phase.pk: "1"},
        on=timezone.localdate() - timedelta(days=90),
    )
    mine = section(home_of(client, coordinator), "coordinator")
    assert "1 quote to issue before work starts" in mine
    assert reverse("billing:project", args=[to_quote.pk]) in mine
    assert "1 project with hours to invoice" in mine
    assert reverse("billing:issue_invoice", args=[billed.pk]) in mine
    assert "1 overdue invoice to follow up" in mine
    assert reverse("billing:invoice", args=[invoice.pk]) in mine

    manager = facility_manager(billed.lead.analyst_profile.host_facility)
    theirs = section(home_of(client, manager), "facility_manager")
    assert "1 host-facility statement" in theirs
    assert (
        reverse("billing:statement", args=[billed.lead.analyst_profile.host_facility.pk]) in theirs
    )
