"""Tag suggestions for the booking form: the service on the database vocabulary, and the page."""

import pytest
from django.urls import reverse

from biafed.matching.services.suggestions import suggest_terms
from biafed.people.models import ExpertiseFamily, ExpertiseTerm
from tests.factories import RequesterFactory

pytestmark = pytest.mark.django_db

URL = reverse("matching:suggest_terms")


def term(name):
    return ExpertiseTerm.objects.get(name=name)


def test_the_service_suggests_terms_of_the_database_vocabulary():
    found = suggest_terms(text="We segment nuclei with StarDist in confocal stacks")

    assert [s.term.name for s in found[:3]] == ["Confocal", "Segmentation", "StarDist"]
    assert (found[1].how, found[1].via) == ("phrase", "segment nuclei")


def test_the_service_keeps_to_the_families_asked_and_leaves_out_chosen_terms():
    text = "We segment nuclei with StarDist in confocal stacks"

    found = suggest_terms(
        text=text,
        families=[ExpertiseFamily.TOOL, ExpertiseFamily.METHOD],
        exclude=[term("StarDist").pk],
    )

    assert [s.term.name for s in found] == ["Segmentation", "3D reconstruction"]
    assert found[1].how == "text"  # "stacks": close to its description


def test_the_service_follows_the_coordinators_edits_of_the_vocabulary():
    segmentation = term("Segmentation")
    segmentation.synonyms += ", détourage des noyaux"
    segmentation.save()
    ExpertiseTerm.objects.filter(name="Confocal").update(is_active=False)

    found = suggest_terms(text="détourage des noyaux sur images confocal")

    assert [s.term.name for s in found] == ["Segmentation"]


def test_the_booking_form_gets_clickable_suggestions(client):
    client.force_login(RequesterFactory())

    response = client.post(
        URL,
        {
            "title": "Counting infected cells",
            "biological_question": "We want to follow macrophages over time with TrackMate",
            "topics": [str(term("Object counting").pk)],
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-field="tools_tried" data-value="{term("TrackMate").pk}"' in html
    assert f'data-field="topics" data-value="{term("Tracking").pk}"' in html
    assert "you wrote “TrackMate”" in html
    assert f'data-value="{term("Object counting").pk}"' not in html  # already ticked
    assert "Immunology" not in html  # biological domains have no field in the form


def test_nothing_written_means_no_suggestions(client):
    client.force_login(RequesterFactory())

    response = client.post(URL, {"title": "", "biological_question": "  "})

    assert (response.status_code, response.content.decode().strip()) == (200, "")


def test_suggestions_need_a_login_and_a_post(client):
    assert client.post(URL, {"title": "nuclei"}).status_code == 302
    client.force_login(RequesterFactory())
    assert client.get(URL).status_code == 405


def test_the_booking_form_asks_its_assistant_for_suggestions(client):
    from tests.factories import BookingFactory

    booking = BookingFactory()
    client.force_login(booking.requester)

    html = client.get(reverse("opendesk:booking_edit", args=[booking.pk])).content.decode()

    # Each free-text answer has its assistant (tests/matching/test_assistant.py).
    assert f'hx-post="{reverse("matching:assistant", args=[booking.pk])}"' in html
    assert 'hx-trigger="keyup changed delay:400ms from:#id_objects_of_interest"' in html
