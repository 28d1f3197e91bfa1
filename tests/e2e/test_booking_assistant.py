"""In a real browser: the booking form's assistant suggests tools and methods next to what
the requester types (French, no tool named), and accepting one puts it on the booking."""

import pytest

from biafed.opendesk.models import Booking
from tests.factories import PASSWORD, OpenDeskDayFactory, RequesterFactory, verified
from tests.matching.catalogue_fixture import load_small_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_french_description_gets_suggestions_next_to_it_and_one_is_accepted(open_page):
    terms = load_small_catalogue()
    stardist = terms["stardist"]
    day = OpenDeskDayFactory()
    requester = RequesterFactory(full_name="Rita Requester")
    verified(requester)

    page = open_page(requester, PASSWORD)
    page.goto("/open-desk/")
    page.click(f"[data-testid=book-{day.pk}]")
    page.fill("#id_title", "Noyaux d'organoïdes")
    page.locator("#id_objects_of_interest").press_sequentially(
        "Des noyaux qui se touchent dans des piles 3D", delay=5
    )

    box = page.locator("[data-testid=assistant-objects_of_interest]")
    box.locator("text=Tools and methods that may fit your description").wait_for()
    assert box.locator("text=StarDist").count() >= 1
    assert box.locator("[data-testid=assistant-question]").count() == 1
    box.locator(f"button.term-suggestion[data-value='{stardist.pk}']").click()
    box.locator("text=is now among your topics").wait_for()
    # The form now carries it (a tool is not among the listed topics: a hidden field).
    assert page.locator(f"input[name=topics][value='{stardist.pk}']").count() >= 1

    page.click("button[name=save]")
    page.wait_for_selector("text=Saved")
    booking = Booking.objects.get(requester=requester)
    assert stardist in booking.topics.all()
    assert booking.primary_tool is None  # accepting a suggestion never makes it a constraint
