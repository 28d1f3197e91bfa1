"""A requester switches the site to Brazilian Portuguese with the selector in the top bar and
books in it: the guided form's help and examples and the dates are in pt-BR, the form passes
the accessibility check in that language, and the receipt follows the account's language."""

import re

import pytest

from biafed.notifications.models import Notification
from biafed.people.models import ExpertiseFamily
from tests.e2e.test_accessibility import axe_violations
from tests.factories import (
    PASSWORD,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    verified,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PT_DATE = re.compile(
    r"\d{1,2} de (janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|"
    r"novembro|dezembro) de \d{4}"
)


def test_a_requester_switches_to_portuguese_and_books_in_it(open_page):
    segmentation = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Segmentation")
    day = OpenDeskDayFactory()
    first_slot = day.slots.get(index=0)
    requester = RequesterFactory(full_name="Rita Requester", preferred_language="pt-br")
    verified(requester)

    page = open_page(requester, PASSWORD)
    page.goto("/open-desk/")
    with page.expect_navigation():
        page.select_option("select[name=language]", "pt-br")
    assert page.locator("html").get_attribute("lang") == "pt-br"
    assert page.get_by_role("heading", name="Dias de consulta aberta").is_visible()
    assert PT_DATE.search(page.inner_text("main"))

    page.click(f"[data-testid=book-{day.pk}]")
    form = page.inner_text("main")
    assert "Reservar uma sessão de consulta aberta" in form
    assert "Contagem de células infectadas em larvas de peixe-zebra" in form  # an example
    assert "Segmentação" in form  # a shipped term, named in Portuguese
    assert axe_violations(page) == []

    page.fill("#id_title", "Contagem de núcleos em organoides")
    page.fill("#id_biological_question", "O fármaco reduz a proliferação?")
    page.fill("#id_objects_of_interest", "Núcleos marcados com DAPI")
    page.fill("#id_measurements", "Número de núcleos por organoide")
    page.select_option("#id_dimensionality", "3d")
    page.check(f"input[name=topics][value='{segmentation.pk}']")
    page.select_option("#id_slot", str(first_slot.pk))
    page.check("#id_consent_to_share")
    page.click("button[name=submit]")
    page.wait_for_selector("[data-testid=missing-data]")
    assert "Sua reserva foi enviada." in page.inner_text("main")

    receipt = Notification.objects.get(recipient=requester)
    assert receipt.subject.startswith("Reserva de consulta aberta recebida")
