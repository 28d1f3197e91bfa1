"""The shared view helpers as people meet them: where a form sends them back, what a filter
does with a value it cannot read, a refused action shown on the page."""

import pytest
from django.urls import reverse

from tests.factories import CoordinatorFactory, submitted_booking
from tests.projects.factories import submitted_project


@pytest.fixture
def coordinator_client(client, db):
    client.force_login(CoordinatorFactory())
    return client


@pytest.mark.parametrize(
    "wanted,expected",
    [
        ("/projects/", "/projects/"),
        ("https://evil.example/", "/projects/queue/"),
        ("//evil.example/", "/projects/queue/"),
        ("projects:home", "/projects/queue/"),
        ("abc", "/projects/queue/"),
    ],
)
def test_send_to_review_goes_back_only_to_a_page_of_the_site(coordinator_client, wanted, expected):
    project = submitted_project()
    response = coordinator_client.post(
        reverse("projects:send_to_review", args=[project.pk]), {"next": wanted}
    )
    assert response.status_code == 302
    assert response["Location"] == expected


def test_booking_list_ignores_a_day_it_cannot_read(coordinator_client):
    booking = submitted_booking()
    for day in ("99999999999999999999999", "²", "-1", "abc"):
        response = coordinator_client.get(reverse("opendesk:booking_list"), {"day": day})
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [booking]


def test_booking_list_filters_by_a_day_it_can_read(coordinator_client):
    booking = submitted_booking()
    other = submitted_booking()
    response = coordinator_client.get(reverse("opendesk:booking_list"), {"day": booking.day_id})
    assert list(response.context["page"].object_list) == [booking]
    assert other.day_id != booking.day_id


def test_approving_capacity_of_an_unreadable_record_is_not_found(coordinator_client):
    response = coordinator_client.post(reverse("projects:capacity"), {"approve": "abc"})
    assert response.status_code == 404


def test_a_search_of_200_characters_still_searches(coordinator_client):
    response = coordinator_client.get(reverse("people:members"), {"q": "x" * 200})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert "at most 200 characters" not in response.content.decode()
