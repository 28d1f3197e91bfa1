"""One date format and one number format per language; hours rounded the same way everywhere;
notifications in the language of the page; shipped terms and languages named in it."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from biafed.common.formatting import format_hours
from biafed.notifications.models import Notification
from biafed.people.models import ExpertiseTerm, Language
from tests.factories import RequesterFactory, submitted_booking


@pytest.mark.parametrize(
    ("value", "en", "fr"),  # Spanish and Brazilian Portuguese write hours as French does
    [
        (Decimal("6.552"), "6.6", "6,6"),
        (Decimal("16.00"), "16", "16"),
        (Decimal("6.25"), "6.25", "6,25"),
        (Decimal("12.50"), "12.5", "12,5"),
        (Decimal("23.31"), "23.3", "23,3"),
    ],
)
def test_hours_are_rounded_sensibly_in_the_languages_separator(value, en, fr):
    with translation.override("en"):
        assert format_hours(value) == en
    for language in ("fr", "es", "pt-br"):
        with translation.override(language):
            assert format_hours(value) == fr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monday 28 December 2026"),
        ("fr", "lundi 28 décembre 2026"),
        ("es", "lunes 28 de diciembre de 2026"),
        ("pt-br", "segunda-feira 28 de dezembro de 2026"),
    ],
)
def test_a_day_is_written_one_way_per_language(language, expected):
    page = Template('{{ d|date:"l" }} {{ d|date:"DATE_FORMAT" }}')
    with translation.override(language):
        assert page.render(Context({"d": date(2026, 12, 28)})) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1,234,567.5 on 7 December 2026, 14:30"),
        ("es", "1.234.567,5 on 7 de diciembre de 2026, 14:30"),
        ("pt-br", "1.234.567,5 on 7 de dezembro de 2026, 14:30"),
    ],
)
def test_numbers_and_times_follow_the_language(language, expected):
    page = Template('{{ n|floatformat:"1g" }} on {{ t|date:"DATETIME_FORMAT" }}')
    with translation.override(language):
        context = Context({"n": Decimal("1234567.5"), "t": datetime(2026, 12, 7, 14, 30)})
        assert page.render(context) == expected


@pytest.mark.django_db
def test_a_notification_is_shown_in_the_pages_language_and_mailed_in_the_recipients(
    client, django_capture_on_commit_callbacks
):
    requester = RequesterFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        submitted_booking(requester=requester)
    receipt = Notification.objects.get(recipient=requester)
    assert receipt.subject.startswith("Réservation")
    assert mail.outbox[-1].subject.startswith("[biafed] Réservation")
    client.force_login(requester)
    english = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content
    assert "Open desk booking received" in english.decode()
    assert "Réservation" not in english.decode()


@pytest.mark.django_db
def test_an_older_notification_keeps_its_stored_text(client):
    requester = RequesterFactory(preferred_language="fr")
    submitted_booking(requester=requester)
    Notification.objects.update(texts={})
    client.force_login(requester)
    page = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Réservation" in page


@pytest.mark.django_db
def test_shipped_terms_and_languages_are_named_in_the_active_language():
    term = ExpertiseTerm.objects.get(name="Whole-slide histology")
    french = Language.objects.get(code="fr")
    own = ExpertiseTerm.objects.create(family=term.family, name="Zebrafish fins")
    with translation.override("fr"):
        assert (str(term), str(french), str(own)) == (
            "Histologie sur lame entière",
            "Français",
            "Zebrafish fins",
        )
    with translation.override("es"):
        assert (str(term), str(french)) == ("Histología de portaobjetos completo", "Francés")
    with translation.override("pt-br"):
        assert (str(term), str(french), str(own)) == (
            "Histologia de lâmina inteira",
            "Francês",
            "Zebrafish fins",
        )


@pytest.mark.django_db
def test_a_notification_is_written_in_every_site_language_including_portuguese(client):
    requester = RequesterFactory(preferred_language="en")
    submitted_booking(requester=requester)
    receipt = Notification.objects.get(recipient=requester)
    assert set(receipt.texts) == {"en", "fr", "es", "pt-br"}
    client.force_login(requester)
    page = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="pt-BR").content.decode()
    assert "Reserva de consulta aberta recebida" in page
