"""Similar past consultations on a booking's page: the panel and coordinators see the cases
and their outcome; the requester only the tools that helped; nobody else anything."""

import pytest
from django.urls import reverse

from biafed.matching.services import building, similar
from biafed.opendesk.models import Booking, BookingStatus, PanelMember, SessionOutcome
from biafed.people.models import ExpertiseFamily
from tests.factories import (
    AnalystFactory,
    BookingFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    RequesterFactory,
    submitted_booking,
)

pytestmark = pytest.mark.django_db

PAST = (
    "Zebrafish embryo nuclei crowded in light-sheet volumes, counting dividing nuclei per "
    "somite over developmental time"
)
NOW = "Counting crowded nuclei in zebrafish embryo light-sheet volumes at each somite stage"


@pytest.fixture
def cases():
    similar.forget()
    tool = ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="Elephant tracker")
    past = BookingFactory(status=BookingStatus.HELD, biological_question=PAST, title="Old question")
    outcome = SessionOutcome.objects.create(
        booking=past, advice="Try the secret recipe of the panel", shared_links=""
    )
    outcome.tools_suggested.set([tool])
    booking = submitted_booking()
    Booking.objects.filter(pk=booking.pk).update(biological_question=NOW)
    booking.refresh_from_db()
    panelist = AnalystFactory()
    PanelMember.objects.create(booking=booking, analyst=panelist, slot=booking.slot)
    yield booking, past, panelist
    similar.forget()


def page(client, user, booking):
    client.force_login(user)
    return client.get(reverse("opendesk:booking_detail", args=[booking.pk]))


def test_the_panel_sees_similar_cases_with_their_advice(client, cases):
    booking, _past, panelist = cases
    content = page(client, panelist, booking).content.decode()
    assert "Similar past consultations" in content
    assert "Old question" in content and "secret recipe" in content
    assert "Elephant tracker" in content


def test_the_coordinator_sees_them_too(client, cases):
    booking, _past, _panelist = cases
    content = page(client, CoordinatorFactory(), booking).content.decode()
    assert "secret recipe" in content


def test_the_requester_sees_only_the_tools_that_helped(client, cases):
    booking, _past, _panelist = cases
    content = page(client, booking.requester, booking).content.decode()
    assert "Tools that helped similar questions" in content
    assert "Elephant tracker" in content
    assert "Old question" not in content and "secret recipe" not in content


def test_an_outsider_sees_nothing(client, cases):
    booking, _past, _panelist = cases
    response = page(client, RequesterFactory(), booking)
    assert response.status_code == 404
    outsider_analyst = page(client, AnalystFactory(), booking)
    assert b"secret recipe" not in outsider_analyst.content


def test_tools_recorded_by_panels_become_evidence_for_later_requests(cases):
    booking, past, _panelist = cases
    tool = past.outcome.tools_suggested.get()
    text = building.request_text(booking)
    evidence = similar.evidence_for(text, exclude=(f"booking:{booking.pk}",))
    assert evidence and tool.pk in evidence[0][2]
    assert Booking.objects.count() == 2
