"""Sign-in with an OpenID Connect provider, tested against a real provider started on this
machine: sign-up, linking by verified e-mail only, MFA, switches."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.urls import reverse
from oidc_provider_mock import run_server_in_thread

from biafed.people.models import Role, User
from tests.factories import PASSWORD, CoordinatorFactory, RequesterFactory, verified
from tests.people.identity_support import (
    ORCID_ID,
    enable_oidc,
    set_provider_user,
    sign_in_at_provider,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def issuer():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def lab(settings, issuer):
    enable_oidc(settings, issuer)
    return issuer


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_login_page_offers_the_configured_provider(client, lab):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Lab Login" in page
    assert reverse("openid_connect_login", kwargs={"provider_id": "lab"}) in page


def test_new_person_signs_up_with_the_provider_and_comes_back_signed_in(client, lab):
    set_provider_user(
        lab,
        "ada",
        {"email": "ada@uni.example.org", "email_verified": True, "name": "Ada Lovelace"},
    )

    back = sign_in_at_provider(client, lab, "ada")

    # First sign-in: the sign-up form, filled from the provider, asks for the institution.
    assert back.url == reverse("socialaccount_signup")
    form = client.get(back.url).content.decode()
    assert 'value="ada@uni.example.org"' in form and 'value="Ada Lovelace"' in form
    done = client.post(
        back.url,
        {"email": "ada@uni.example.org", "full_name": "Ada Lovelace", "institution": "Uni"},
    )
    assert done.status_code == 302
    user = User.objects.get(email="ada@uni.example.org")
    assert user.has_role(Role.REQUESTER)
    assert EmailAddress.objects.get(user=user).verified  # the provider verified it
    assert SocialAccount.objects.get(user=user).provider == "lab"
    assert client.get(reverse("opendesk:booking_list")).status_code == 200

    # Next time: straight in.
    client.logout()
    again = sign_in_at_provider(client, lab, "ada")
    assert again.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_verified_email_of_an_existing_account_asks_to_log_in_first_then_links(client, lab):
    existing = RequesterFactory(email="grace@uni.example.org")
    verified(existing)
    set_provider_user(lab, "grace", {"email": existing.email, "email_verified": True})

    back = sign_in_at_provider(client, lab, "grace")

    assert back.url == reverse("account_login")
    assert "_auth_user_id" not in client.session  # not logged in by the provider alone
    assert "Log in to it once" in _messages(back)[0]
    assert not SocialAccount.objects.exists()
    client.post(reverse("account_login"), {"login": existing.email, "password": PASSWORD})
    assert SocialAccount.objects.get().user == existing

    client.logout()
    sign_in_at_provider(client, lab, "grace")
    assert int(client.session["_auth_user_id"]) == existing.pk


def test_held_sign_in_is_not_linked_to_another_account(client, lab):
    owner = RequesterFactory(email="owner@uni.example.org")
    verified(owner)
    someone_else = RequesterFactory()
    verified(someone_else)
    set_provider_user(lab, "owner", {"email": owner.email, "email_verified": True})
    sign_in_at_provider(client, lab, "owner")

    client.post(reverse("account_login"), {"login": someone_else.email, "password": PASSWORD})

    assert not SocialAccount.objects.exists()


def test_unverified_email_of_an_existing_account_never_links(client, lab):
    existing = RequesterFactory(email="linus@uni.example.org")
    verified(existing)
    set_provider_user(lab, "mallory", {"email": existing.email, "email_verified": False})

    back = sign_in_at_provider(client, lab, "mallory")

    assert back.url == reverse("socialaccount_signup")
    assert "_auth_user_id" not in client.session
    # The form does not tell whether the address has an account (no enumeration): it
    # answers as for a new address, and mails its owner instead; nothing is created.
    client.post(back.url, {"email": existing.email, "full_name": "Mallory", "institution": "X"})
    assert User.objects.filter(email=existing.email).count() == 1
    assert not SocialAccount.objects.exists()
    client.post(reverse("account_login"), {"login": existing.email, "password": PASSWORD})
    assert not SocialAccount.objects.exists()


def test_orcid_claim_links_like_a_verified_email_and_is_stored(client, lab):
    existing = RequesterFactory(email="marie@uni.example.org", orcid=ORCID_ID)
    verified(existing)
    set_provider_user(lab, "marie", {"email": "other@lab.example.org", "orcid": ORCID_ID})

    back = sign_in_at_provider(client, lab, "marie")

    assert back.url == reverse("account_login")
    client.post(reverse("account_login"), {"login": existing.email, "password": PASSWORD})
    assert SocialAccount.objects.get().user == existing


def test_staff_still_give_their_second_factor_after_a_provider_sign_in(client, lab):
    coordinator = CoordinatorFactory(email="coord@uni.example.org")
    verified(coordinator)
    secret = generate_totp_secret()
    TOTP.activate(coordinator, secret)
    set_provider_user(lab, "coord", {"email": coordinator.email, "email_verified": True})
    sign_in_at_provider(client, lab, "coord")
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    client.post(
        reverse("mfa_authenticate"),
        {"code": f"{hotp_value(secret, int(time.time()) // 30):06d}"},
    )
    assert SocialAccount.objects.get().user == coordinator
    client.logout()

    back = sign_in_at_provider(client, lab, "coord")

    assert back.url == reverse("mfa_authenticate")
    assert client.get(reverse("people:members")).status_code == 302  # not in yet
    cache.clear()  # the code of this 30-second window was used a moment ago
    client.post(
        reverse("mfa_authenticate"),
        {"code": f"{hotp_value(secret, int(time.time()) // 30):06d}"},
    )
    assert client.get(reverse("people:members")).status_code == 200


def test_a_provider_switched_off_is_neither_offered_nor_usable(client, settings, lab):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings.SOCIALACCOUNT_PROVIDERS,
        "openid_connect": {"APPS": []},
    }
    assert "Lab Login" not in client.get(reverse("account_login")).content.decode()
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "lab"}))
    assert response.status_code == 404


def test_closed_sign_up_refuses_new_accounts_from_a_provider(client, settings, lab):
    settings.SIGNUP_ENABLED = False
    set_provider_user(lab, "newbie", {"email": "newbie@uni.example.org", "email_verified": True})

    back = sign_in_at_provider(client, lab, "newbie")

    assert "closed" in back.content.decode().lower()
    assert not User.objects.filter(email="newbie@uni.example.org").exists()


def test_a_logged_in_person_links_the_provider_from_the_linked_sign_ins_page(client, lab):
    person = RequesterFactory()
    verified(person)
    client.force_login(person)
    page = client.get(reverse("socialaccount_connections")).content.decode()
    assert "Link my Lab Login account" in page
    set_provider_user(lab, "p-link", {"email": "elsewhere@lab.example.org", "orcid": ORCID_ID})

    back = sign_in_at_provider(client, lab, "p-link", process="connect")

    assert back.url == reverse("socialaccount_connections")
    assert SocialAccount.objects.get().user == person
    person.refresh_from_db()
    assert person.orcid == ORCID_ID  # the provider's ORCID claim, kept on the account
