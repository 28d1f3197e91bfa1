"""In a real browser: a coordinator finds on the map a host facility it cannot show yet,
gives its coordinates on the facility's page, and the map then draws it."""

from decimal import Decimal

import pytest

from tests.factories import PASSWORD, CoordinatorFactory, HostFacilityFactory, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_places_a_facility_from_the_map(open_page):
    HostFacilityFactory(
        name="Imaging Lyon", city="Lyon", latitude=Decimal("45.75"), longitude=Decimal("4.85")
    )
    HostFacilityFactory(name="MRic", city="Renes", latitude=None, longitude=None)
    coordinator = CoordinatorFactory()
    verified(coordinator)
    page = open_page(coordinator, PASSWORD)

    page.goto("/network/map/")
    page.wait_for_selector("[data-network-map][data-drawn='1']")  # one place drawn
    assert page.locator(".leaflet-interactive").count() == 1
    page.click("text=MRic")

    page.fill("#id_city", "Rennes")
    page.fill("#id_latitude", "148.1")
    page.fill("#id_longitude", "-1.68")
    page.click("form.card button")
    page.wait_for_selector("text=The latitude is between -90 and 90 degrees.")
    assert page.input_value("#id_city") == "Rennes"  # nothing typed is lost

    page.fill("#id_latitude", "48.1147")
    page.click("form.card button")
    page.wait_for_selector("text=The place of MRic is saved.")
    assert "Latitude 48.11470, longitude -1.68000" in page.inner_text("main")

    page.goto("/network/map/")
    page.wait_for_selector("[data-network-map][data-drawn='2']")  # Lyon and Rennes
    assert page.locator(".leaflet-interactive").count() == 2
    assert "Not on the map yet" not in page.inner_text("main")
