"""Bookings through the API: the same people see them as on the site (opendesk.view_booking
in its queryset form), and a requester's script books a session."""

import pytest

from biafed.opendesk.models import Booking, BookingStatus
from tests.api.helpers import Api, api_for
from tests.factories import (
    ANSWERS,
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    confirmed_booking,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    return confirmed_booking(panel=[AnalystFactory()])


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_owner_panel_member_and_coordinator_see_the_booking_an_outsider_does_not(booking):
    panel_analyst = booking.panel.first().analyst
    people = {
        "owner": booking.requester,
        "panel": panel_analyst,
        "coordinator": CoordinatorFactory(),
        "other requester": RequesterFactory(),
        "outsider analyst": AnalystFactory(),
    }
    seen = {name: ids(api_for(user).get("bookings/")) for name, user in people.items()}
    assert seen["owner"] == seen["panel"] == seen["coordinator"] == {booking.pk}
    assert seen["other requester"] == seen["outsider analyst"] == set()
    for name in ("other requester", "outsider analyst"):
        response = api_for(people[name]).get(f"bookings/{booking.pk}/")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404
    detail = api_for(panel_analyst).get(f"bookings/{booking.pk}/").json()
    assert [m["analyst_id"] for m in detail["panel"]] == [panel_analyst.pk]


def test_without_a_token_the_api_answers_401_as_a_problem():
    response = Api(None).get("bookings/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert set(response.json()) >= {"type", "title", "status", "detail"}


def test_a_script_lists_a_days_bookings_and_submits_one():
    """The issue's journey: with a token, list a day's bookings, then book and submit."""
    day = OpenDeskDayFactory()
    requester = RequesterFactory()
    api = api_for(requester)
    sessions = api.get(f"days/{day.pk}/").json()["slots"]
    assert [s["places_left"] for s in sessions] == [3, 3, 3]
    assert ids(api.get(f"bookings/?day={day.pk}")) == set()

    created = api.post("bookings/", {"day": day.pk, **ANSWERS})
    assert created.status_code == 201, created.content
    booking_id = created.json()["id"]
    assert created.json()["status"] == "draft"
    submitted = api.post(f"bookings/{booking_id}/submit/", {"slot": sessions[1]["id"]})
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] in ("submitted", "ready")
    assert ids(api.get(f"bookings/?day={day.pk}&status=submitted")) == {booking_id}
    assert Booking.objects.get(pk=booking_id).slot_id == sessions[1]["id"]
    assert api.get(f"days/{day.pk}/").json()["slots"][1]["places_left"] == 2


def test_a_refused_submission_says_why_and_keeps_the_draft():
    day = OpenDeskDayFactory()
    api = api_for(RequesterFactory())
    booking_id = api.post("bookings/", {"day": day.pk, "title": "Only a title"}).json()["id"]
    response = api.post(f"bookings/{booking_id}/submit/", {"slot": day.slots.first().pk})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "Please answer" in response.json()["detail"]
    assert Booking.objects.get(pk=booking_id).status == BookingStatus.DRAFT
    assert Booking.objects.get(pk=booking_id).title == "Only a title"


def test_bad_values_are_named_in_the_problem():
    api = api_for(RequesterFactory())
    response = api.post("bookings/", {"day": "tomorrow", "channel_count": -3})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"day", "channel_count"}
    assert api.get("bookings/?status=nonsense").status_code == 400
    assert api.get("bookings/?page=999").status_code == 404
    assert api.get("notifications/?unread=null").status_code == 400  # not silently skipped
    assert api.get("notifications/?unread=true").status_code == 200
    assert api.get("expertise-terms/?is_active=maybe").status_code == 400


def test_an_analyst_cannot_book_and_another_requester_cannot_submit_my_draft():
    day = OpenDeskDayFactory()
    assert api_for(AnalystFactory()).post("bookings/", {"day": day.pk}).status_code == 403
    mine = api_for(RequesterFactory()).post("bookings/", {"day": day.pk}).json()["id"]
    other = api_for(RequesterFactory()).post(f"bookings/{mine}/submit/", {"slot": 1})
    assert other.status_code == 404


def test_detail_views_answer_304_to_a_matching_etag(booking):
    api = api_for(booking.requester)
    first = api.get(f"bookings/{booking.pk}/")
    etag = first["ETag"]
    assert etag
    again = api.get(f"bookings/{booking.pk}/", **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    Booking.objects.filter(pk=booking.pk).update(title="Renamed")
    changed = api.get(f"bookings/{booking.pk}/", **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
