"""One date format and one number format per language; hours rounded the same way everywhere;
notifications in the language of the page; shipped terms and languages named in it."""

from datetime import date
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
    ("value", "en", "fr"),
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
    with translation.override("fr"):
        assert format_hours(value) == fr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Monday 28 December 2026"),
        ("fr", "lundi 28 décembre 2026"),
        ("es", "lunes 28 de diciembre de 2026"),
    ],
)
def test_a_day_is_written_one_way_per_language(language, expected):
    page = Template('{{ d|date:"l" }} {{ d|date:"DATE_FORMAT" }}')
    with translation.override(language):
        assert page.render(Context({"d": date(2026, 12, 28)})) == expected


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
