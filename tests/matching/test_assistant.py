"""The booking form's assistant: suggestions under the answer they come from, the next
question, accepting and dismissing, and the coordinator's counts."""

import pytest
from django.urls import reverse

from biafed.matching.models import SuggestionAction, SuggestionFeedback
from biafed.opendesk.models import BookingStatus
from tests.factories import BookingFactory, CoordinatorFactory, RequesterFactory
from tests.matching.catalogue_fixture import load_small_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms():
    return load_small_catalogue()


@pytest.fixture
def booking():
    return BookingFactory(status=BookingStatus.DRAFT)


def assist(client, booking, field, **answers):
    client.force_login(booking.requester)
    return client.post(
        reverse("matching:assistant", args=[booking.pk]), {"field": field, **answers}
    )


def test_french_text_without_a_tool_name_gets_fitting_tools_next_to_it(client, booking, terms):
    response = assist(
        client,
        booking,
        "objects_of_interest",
        objects_of_interest="Des noyaux qui se touchent dans des piles 3D",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "StarDist" in page and "Cellpose" in page
    assert "Tools and methods that may fit your description" in page
    assert "tools you tried" not in page.casefold()
    assert "noyaux qui se touchent" in page  # the reason quotes the requester's words


def test_suggestions_appear_under_the_answer_they_come_from(client, booking, terms):
    answers = {
        "objects_of_interest": "nuclei touching each other",
        "measurements": "follow each cell over time",
    }
    under_objects = assist(client, booking, "objects_of_interest", **answers).content.decode()
    under_measurements = assist(client, booking, "measurements", **answers).content.decode()
    assert "StarDist" in under_objects and "TrackMate" not in under_objects
    assert "TrackMate" in under_measurements


def test_the_next_question_asks_what_is_missing(client, booking, terms):
    page = assist(client, booking, "biological_question", biological_question="cells").content
    assert b"What are the objects in your images" in page
    page = assist(
        client,
        booking,
        "objects_of_interest",
        objects_of_interest="nuclei of the liver cells in sections",
    ).content
    assert b"Do the objects touch or overlap" in page


def test_accepting_adds_the_suggestion_to_the_topics_and_is_counted(client, booking, terms):
    client.force_login(booking.requester)
    url = reverse("matching:assistant_feedback", args=[booking.pk])
    stardist, trackmate = terms["stardist"], terms["trackmate"]
    assert client.post(url, {"term": stardist.pk, "action": "accepted"}).status_code == 200
    client.post(url, {"term": trackmate.pk, "action": "dismissed"})
    assert list(booking.topics.all()) == [stardist]
    actions = dict(SuggestionFeedback.objects.values_list("term_id", "action"))
    assert actions == {
        stardist.pk: SuggestionAction.ACCEPTED,
        trackmate.pk: SuggestionAction.DISMISSED,
    }
    # A dismissed suggestion is not offered again.
    page = assist(
        client, booking, "measurements", measurements="follow each cell over time"
    ).content.decode()
    assert "TrackMate" not in page
    coordinator = CoordinatorFactory()
    client.force_login(coordinator)
    report = client.get(reverse("matching:assistant_report")).content.decode()
    assert "StarDist" in report and "TrackMate" in report


def test_another_requester_cannot_accept_on_a_booking(client, booking, terms):
    client.force_login(RequesterFactory())
    url = reverse("matching:assistant_feedback", args=[booking.pk])
    response = client.post(url, {"term": terms["stardist"].pk, "action": "accepted"})
    assert response.status_code == 404
    assert not booking.topics.exists() and not SuggestionFeedback.objects.exists()


def test_a_bad_term_says_so_and_changes_nothing(client, booking, terms):
    client.force_login(booking.requester)
    url = reverse("matching:assistant_feedback", args=[booking.pk])
    response = client.post(url, {"term": "abc", "action": "accepted"})
    assert b"no longer offered" in response.content
    assert not SuggestionFeedback.objects.exists()
