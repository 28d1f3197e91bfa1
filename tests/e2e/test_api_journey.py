"""The API in a real browser: a requester creates a token on the site, copies it (shown
once), and a script lists a day's bookings and books a session with it; the docs page
starts Swagger UI from local files under the site's CSP."""

import json
import urllib.request

import pytest

from biafed.opendesk.models import Booking
from tests.factories import ANSWERS, PASSWORD, OpenDeskDayFactory, RequesterFactory, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def call(base: str, token: str, method: str, path: str, body=None) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{base}/api/v1/{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 — the live server
        return response.status, json.loads(response.read())


def test_a_requester_makes_a_token_and_a_script_books_with_it(open_page, live_server):
    day = OpenDeskDayFactory()
    requester = RequesterFactory()
    verified(requester)
    page = open_page(requester, PASSWORD)
    page.goto("/people/me/")
    page.get_by_role("link", name="Create or revoke your API tokens").click()
    page.fill("input[name=name]", "booking script")
    page.select_option("select[name=area_opendesk]", "write")
    page.get_by_role("button", name="Create the token").click()
    secret = page.get_by_test_id("token-secret").inner_text().strip()
    assert secret.startswith("bfd_")
    page.reload()
    assert secret not in page.content()
    assert page.get_by_test_id("tokens").locator("tbody tr").count() == 1

    status, listed = call(live_server.url, secret, "GET", f"bookings/?day={day.pk}")
    assert (status, listed["count"]) == (200, 0)
    status, created = call(live_server.url, secret, "POST", "bookings/", {"day": day.pk, **ANSWERS})
    assert status == 201
    slot = day.slots.order_by("index").first()
    status, submitted = call(
        live_server.url, secret, "POST", f"bookings/{created['id']}/submit/", {"slot": slot.pk}
    )
    assert status == 200
    assert Booking.objects.get(pk=created["id"]).slot_id == slot.pk

    page.goto("/open-desk/bookings/")
    assert ANSWERS["title"] in page.content()
    page.goto("/api/v1/docs/")
    page.locator(".opblock-tag").first.wait_for()
    assert page.locator(".opblock-tag", has_text="bookings").count() >= 1
