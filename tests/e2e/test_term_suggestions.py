"""In a real browser: the booking form suggests tags from the description, a click ticks them."""

import pytest

from biafed.opendesk.models import Booking
from biafed.people.models import ExpertiseFamily
from tests.factories import (
    PASSWORD,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    verified,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_the_question_offers_tags_that_a_click_ticks(open_page):
    tracking = ExpertiseTermFactory(
        family=ExpertiseFamily.METHOD, name="Tracking", synonyms="cell tracking, lineage"
    )
    trackmate = ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="TrackMate")
    confocal = ExpertiseTermFactory(family=ExpertiseFamily.MODALITY, name="Confocal")
    ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Segmentation")
    day = OpenDeskDayFactory()
    requester = RequesterFactory(full_name="Rita Requester")
    verified(requester)

    page = open_page(requester, PASSWORD)
    page.goto("/open-desk/")
    page.click(f"[data-testid=book-{day.pk}]")
    page.fill("#id_title", "Macrophages on the move")
    page.locator("#id_biological_question").press_sequentially(
        "We film macrophages on a confocal and tried TrackMate to follow them.", delay=5
    )

    suggestions = page.locator("[data-testid=term-suggestions]")
    suggestions.locator(f"button[data-value='{trackmate.pk}']").click()
    suggestions.locator(f"button[data-value='{tracking.pk}']").click()
    suggestions.locator(f"button[data-value='{confocal.pk}']").click()

    assert page.is_checked(f"input[name=tools_tried][value='{trackmate.pk}']")
    assert page.is_checked(f"input[name=topics][value='{tracking.pk}']")
    assert page.input_value("#id_modality") == str(confocal.pk)
    button = suggestions.locator(f"button[data-value='{trackmate.pk}']")
    assert button.get_attribute("aria-pressed") == "true"

    page.click("button[name=save]")
    page.wait_for_selector("text=Saved")
    booking = Booking.objects.get(requester=requester)
    assert list(booking.tools_tried.all()) == [trackmate]
    assert list(booking.topics.all()) == [tracking]
    assert booking.modality == confocal
