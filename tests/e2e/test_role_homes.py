"""Each role logs in through the styled login page and lands on a home that says what
waits for them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from biafed.opendesk.models import BookingStatus, DayStatus
from biafed.people.models import Role
from biafed.projects.services import team
from tests.factories import (
    PASSWORD,
    AnalystFactory,
    BookingFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    UserFactory,
    verified,
)
from tests.projects.factories import committee_member, under_review_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_role_lands_on_a_home_listing_what_waits(open_page):
    day = OpenDeskDayFactory()
    OpenDeskDayFactory(status=DayStatus.DRAFT, date=timezone.localdate() + timedelta(days=40))
    requester = RequesterFactory(full_name="Rita Requester")
    BookingFactory(requester=requester, day=day, status=BookingStatus.DATA_MISSING)
    analyst = AnalystFactory(full_name="Ana Analyst")
    member = committee_member(full_name="Carl Committee")
    project = under_review_project()
    manager = UserFactory(full_name="Fanny Manager", roles=(Role.FACILITY_MANAGER,))
    analyst.analyst_profile.host_facility.managers.add(manager)
    team.declare_capacity(analyst=analyst, hours_per_month=Decimal("8"))
    coordinator = CoordinatorFactory(full_name="Coco Coordinator")
    expected = [
        (requester, "requester", "1 booking missing example images"),
        (analyst, "analyst", "to declare your availability for"),
        (member, "committee", "1 request to review"),
        (manager, "facility_manager", "1 project-capacity offer to approve"),
        (coordinator, "coordinator", "1 open-desk day to publish"),
    ]
    for person, role, waiting in expected:
        verified(person)
        page = open_page(person, PASSWORD)  # through the login form, which leads home
        assert page.url.rstrip("/").count("/") == 2, page.url  # the site root
        section = page.locator(f"#home-{role} .home-waiting")
        assert waiting in section.inner_text(), (role, section.inner_text())

    # The committee member follows the link to the request waiting for them.
    page = open_page(member, PASSWORD)
    page.click("#home-committee .home-waiting a")
    page.wait_for_url(f"**/projects/{project.pk}/review/")
