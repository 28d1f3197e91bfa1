"""Issue 15, finding 2: login, sign-up, password and two-factor pages use the site's layout
and words, not django-allauth's bare templates."""

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from tests.factories import PASSWORD, RequesterFactory

pytestmark = pytest.mark.django_db


def _in_site_layout(page: str) -> bool:
    return (
        '<header class="topbar">' in page
        and 'href="/static/biafed/biafed.css"' in page
        and 'action="/i18n/setlang/"' in page  # the language switch
        and '<select name="language"' in page
        and "Menu:" not in page
    )


def test_login_page_renders_the_sites_layout_and_words(client):
    page = client.get(reverse("account_login")).content.decode()

    assert '<html lang="en">' in page
    assert _in_site_layout(page)
    assert "<title>Log in · biafed</title>" in page
    assert "<h1>Log in</h1>" in page
    assert "Sign In" not in page
    assert '<a href="/accounts/signup/">Sign up</a>' in page


def test_login_page_is_in_the_chosen_language(client):
    client.cookies["django_language"] = "fr"
    page = client.get(reverse("account_login")).content.decode()
    assert '<html lang="fr">' in page
    assert _in_site_layout(page)


@pytest.mark.parametrize(
    "name", ["account_signup", "account_reset_password", "account_reset_password_done"]
)
def test_pages_before_login_render_the_sites_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _in_site_layout(response.content.decode())


@pytest.mark.parametrize(
    "name",
    [
        "account_email",
        "account_change_password",
        "account_logout",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_generate_recovery_codes",
    ],
)
def test_account_and_two_factor_pages_render_the_sites_layout(client, name):
    client.force_login(RequesterFactory())
    asked = client.get(reverse(name), follow=True)  # some ask for the password again first
    assert _in_site_layout(asked.content.decode())
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse(name))
    assert response.status_code == 200
    page = response.content.decode()
    assert _in_site_layout(page)
    assert 'class="subnav"' in page  # the account pages' own links


@pytest.mark.parametrize("name", ["mfa_deactivate_totp", "mfa_view_recovery_codes"])
def test_pages_of_an_active_authenticator_render_the_sites_layout(client, name):
    person = RequesterFactory()
    TOTP.activate(person, generate_totp_secret())
    RecoveryCodes.activate(person)
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert _in_site_layout(response.content.decode())
