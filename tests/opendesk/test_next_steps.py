"""A finished booking's page says what the requester can do next (no dead end)."""

import pytest
from django.urls import reverse

from tests.factories import AnalystFactory, held_booking

pytestmark = pytest.mark.django_db


def test_a_held_booking_offers_another_session_and_the_list(client):
    booking = held_booking(panel=[AnalystFactory(), AnalystFactory()])
    client.force_login(booking.requester)

    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()

    assert "Book another session" in page
    assert reverse("opendesk:day_list") in page
    assert reverse("opendesk:booking_list") in page
