"""A host facility's city and coordinates, set in the site (not only in the admin) so that
the network's map can be kept up to date: by a coordinator, or the facility's manager."""

from decimal import Decimal

import pytest
from django.urls import reverse

from biafed.network import selectors
from tests.billing.factories import facility_manager
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    HostFacilityFactory,
    RequesterFactory,
)

pytestmark = pytest.mark.django_db

PLACE = {"city": "Rennes", "latitude": "48.11470", "longitude": "-1.67940"}


@pytest.fixture
def site():
    return HostFacilityFactory(name="MRic", city="Renes", latitude=None, longitude=None)


def url(site) -> str:
    return reverse("people:facility", args=[site.pk])


def test_coordinator_places_a_facility_and_the_map_shows_it(client, site):
    client.force_login(CoordinatorFactory())
    assert "Place on the map" in client.get(url(site)).content.decode()

    response = client.post(url(site), PLACE, follow=True)

    assert "The place of MRic is saved." in response.content.decode()
    site.refresh_from_db()
    assert (site.city, site.latitude, site.longitude) == (
        "Rennes",
        Decimal("48.11470"),
        Decimal("-1.67940"),
    )
    cities = [p["city"] for p in selectors.map_places(with_analysts=False)]
    assert "Rennes" in cities
    assert site not in selectors.facilities_without_place()


def test_the_facility_manager_places_their_own_facility_only(client, site):
    manager = facility_manager(site)
    client.force_login(manager)
    assert client.post(url(site), PLACE).status_code == 302

    other = HostFacilityFactory()
    page = client.get(url(other)).content.decode()
    assert "Place on the map" not in page
    assert client.post(url(other), PLACE).status_code == 403


@pytest.mark.parametrize("who", ["requester", "analyst_of_the_facility"])
def test_others_read_the_facility_but_cannot_move_it(client, site, who):
    person = RequesterFactory() if who == "requester" else AnalystFactory(profile__facility=site)
    client.force_login(person)

    page = client.get(url(site))
    assert page.status_code == 200
    assert "Place on the map" not in page.content.decode()
    assert client.post(url(site), PLACE).status_code == 403
    site.refresh_from_db()
    assert site.latitude is None


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"latitude": "95", "longitude": "2"}, "The latitude is between -90 and 90 degrees."),
        ({"latitude": "45", "longitude": "-200"}, "The longitude is between -180 and 180 degrees."),
        (
            {"latitude": "45", "longitude": ""},
            "Give both the latitude and the longitude, or neither.",
        ),
        ({"latitude": "45,3", "longitude": "2"}, "Write a number of degrees"),
    ],
)
def test_coordinates_out_of_range_are_explained_and_nothing_is_lost(client, site, posted, message):
    client.force_login(CoordinatorFactory())

    response = client.post(url(site), {"city": "Rennes", **posted})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'value="{posted["latitude"]}"' in page  # what was typed comes back
    site.refresh_from_db()
    assert (site.city, site.latitude) == ("Renes", None)
