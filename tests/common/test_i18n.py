"""The site speaks French and Spanish, and notifications follow the recipient's language."""

import pytest
from django.urls import reverse

from biafed.notifications.models import Notification
from tests.factories import RequesterFactory, submitted_booking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "Réserver une séance"), ("es", "Reservar una sesión")]
)
def test_open_desk_page_in_the_visitors_language(client, language, expected):
    from tests.factories import OpenDeskDayFactory

    OpenDeskDayFactory()
    client.force_login(RequesterFactory())
    page = client.get(reverse("opendesk:day_list"), HTTP_ACCEPT_LANGUAGE=language)
    assert expected in page.content.decode()


def test_booking_receipt_is_written_in_the_requesters_language():
    requester = RequesterFactory(preferred_language="fr")
    submitted_booking(requester=requester)
    receipt = Notification.objects.get(recipient=requester)
    assert receipt.subject.startswith("Réservation")
