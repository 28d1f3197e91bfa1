"""The booking page follows its own state: each refresh of the file list while a file is
checked also brings the status badge and the missing-data banner, so they change together."""

import re

import pytest
from django.urls import reverse

from biafed.intake.registry import target_key
from tests.factories import checked_file, submitted_booking

pytestmark = pytest.mark.django_db


def _list_part(client, booking) -> str:
    url = reverse("intake:panel", args=[target_key(booking)])
    response = client.get(url, {"part": "list"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def _oob(html: str, dom_id: str) -> str:
    found = re.search(rf'<(span|div) id="{dom_id}" hx-swap-oob="true">(.*?)</\1>\s', html, re.S)
    assert found, f"no out-of-band {dom_id}"
    return found.group(2)


def test_the_booking_page_has_the_parts_the_file_list_refreshes(client):
    booking = submitted_booking()
    client.force_login(booking.requester)
    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert f'id="booking-status-{booking.pk}"' in page
    assert f'id="booking-banner-{booking.pk}"' in page
    assert "Missing: example images" in page


def test_the_file_list_brings_the_status_and_banner_of_the_booking(client):
    booking = submitted_booking()
    client.force_login(booking.requester)

    waiting = _list_part(client, booking)
    assert "Submitted" in _oob(waiting, f"booking-status-{booking.pk}")
    assert "Missing: example images" in _oob(waiting, f"booking-banner-{booking.pk}")

    checked_file(booking)
    ready = _list_part(client, booking)
    assert "Ready" in _oob(ready, f"booking-status-{booking.pk}")
    banner = _oob(ready, f"booking-banner-{booking.pk}")
    assert "Missing: example images" not in banner
    assert "Your request is complete." in banner
