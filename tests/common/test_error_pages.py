"""Error pages wear the site's layout and say what the person can do next."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import RequesterFactory


def test_not_found_page_is_in_the_site_layout_and_points_home(client, db):
    response = client.get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-page"' in page
    assert 'class="topbar"' in page
    assert "Page not found" in page
    assert f'href="{reverse("account_login")}?next=/no-such-page/"' in page


def test_forbidden_page_names_the_person_and_who_to_ask(db):
    requester = RequesterFactory()
    client = Client()
    client.force_login(requester)
    response = client.get(reverse("people:members"))
    page = response.content.decode()
    assert response.status_code == 403
    assert 'class="topbar"' in page and 'data-testid="error-page"' in page
    assert str(requester) in page
    assert "ask the network's coordinators" in page


def test_forbidden_page_in_french(db):
    client = Client(headers={"accept-language": "fr"})
    client.force_login(RequesterFactory())
    response = client.get(reverse("people:members"))
    assert response.status_code == 403
    assert '<html lang="fr">' in response.content.decode()


def test_expired_form_page_says_nothing_was_saved(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(RequesterFactory())
    response = client.post(reverse("projects:new"), {"title": "x"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "This form has expired" in page and "Nothing was saved" in page


@pytest.mark.urls("tests.common.failing_urls")
def test_server_error_page_renders_without_a_request_context(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert 'class="topbar"' in page


def test_favicon_is_served(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("biafed/favicon.ico")
