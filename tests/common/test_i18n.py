"""The site speaks French, Spanish and Brazilian Portuguese, and notifications follow the
recipient's language."""

import re

import pytest
from django.urls import reverse

from biafed.notifications.models import Notification
from tests.factories import RequesterFactory, submitted_booking

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Réserver une séance"),
        ("es", "Reservar una sesión"),
        ("pt-BR", "Reservar uma sessão"),
    ],
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


def test_open_desk_page_in_brazilian_portuguese_writes_dates_the_brazilian_way(client):
    from tests.factories import OpenDeskDayFactory

    OpenDeskDayFactory()
    client.force_login(RequesterFactory())
    client.cookies["django_language"] = "pt-br"
    page = client.get(reverse("opendesk:day_list")).content.decode()
    assert '<html lang="pt-br">' in page
    assert "Dias de consulta aberta" in page
    assert re.search(r"(segunda|terça|quarta|quinta|sexta)-feira|sábado|domingo", page)
    assert re.search(
        r"\d{1,2} de (janeiro|fevereiro|março|abril|maio|junho|julho|agosto|"
        r"setembro|outubro|novembro|dezembro) de \d{4}",
        page,
    )


def test_booking_receipt_in_brazilian_portuguese(client):
    requester = RequesterFactory(preferred_language="pt-br")
    submitted_booking(requester=requester)
    receipt = Notification.objects.get(recipient=requester)
    assert receipt.subject.startswith("Reserva de consulta aberta recebida")
    client.force_login(requester)
    english = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open desk booking received" in english
