"""Issue 16: logins behind the proxy, passwords, second factor, session lifetime,
upload keys and where forms may send the browser back to."""

import time
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from biafed.intake.registry import target_key
from biafed.people.models import User
from biafed.people.sessions import LAST_SEEN_AT, LOGGED_IN_AT
from tests.factories import (
    PASSWORD,
    CoordinatorFactory,
    RequesterFactory,
    submitted_booking,
    verified,
)
from tests.intake.conftest import image_bytes, tus_headers, upload_path
from tests.projects.factories import open_round, submitted_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def _log_in(client, email, password, address):
    """A login form posted through the reverse proxy, which appends the client's address."""
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="10.0.0.10",  # the proxy, for every client
        HTTP_X_FORWARDED_FOR=address,
    )


def _logged_in(response) -> bool:
    return response.status_code == 302 and response.url == reverse("home")


# --- 1. Rate limits per real client address and per account -----------------------------


def test_failed_logins_from_one_client_do_not_lock_out_the_others(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # the documented nginx (docs/deploy.md)
    coordinator = CoordinatorFactory()
    verified(coordinator)
    attacker = Client()
    for n in range(40):
        _log_in(attacker, f"guess{n}@example.org", "wrong-password-123", "203.0.113.9")

    assert _logged_in(_log_in(client, coordinator.email, PASSWORD, "198.51.100.7"))
    # The attacker's own address is the one that is slowed down.
    assert _log_in(attacker, coordinator.email, PASSWORD, "203.0.113.9").status_code == 429


def test_failed_logins_on_one_account_stop_its_logins_from_any_address(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    target, other = RequesterFactory(), RequesterFactory()
    verified(target)
    verified(other)
    for n in range(5):
        _log_in(Client(), target.email, "wrong-password-123", f"203.0.113.{n + 1}")

    refused = _log_in(client, target.email, PASSWORD, "198.51.100.7")
    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert _logged_in(_log_in(Client(), other.email, PASSWORD, "203.0.113.1"))


# --- 11. Passwords and the second factor ---------------------------------------------------


def _sign_up(client, password):
    return client.post(
        reverse("account_signup"),
        {
            "email": "new.person@example.org",
            "password1": password,
            "password2": password,
            "full_name": "New Person",
            "institution": "Université de Lille",
        },
    )


@pytest.mark.parametrize("password", ["Summer2026", "qwertyuiop12"])
def test_short_or_common_passwords_are_refused_at_sign_up(client, password):
    response = _sign_up(client, password)
    assert response.status_code == 200
    page = response.content.decode()
    assert "This password is too short" in page or "This password is too common" in page
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_a_long_uncommon_password_is_accepted(client):
    assert _sign_up(client, "Summer2026 in Lille").status_code == 302
    assert User.objects.filter(email="new.person@example.org").exists()


def _with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def test_a_coordinator_without_a_second_factor_is_sent_to_set_one_up(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(CoordinatorFactory())

    response = client.get(reverse("people:members"))

    assert response.status_code == 302
    assert response.url == reverse("mfa_index")
    page = client.get(response.url).content.decode()
    assert "must set up two-factor authentication" in page
    assert client.get(reverse("mfa_activate_totp"), follow=True).status_code == 200


def test_a_coordinator_with_an_authenticator_app_uses_the_site(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    coordinator = CoordinatorFactory()
    _with_totp(coordinator)
    client.force_login(coordinator)
    assert client.get(reverse("people:members")).status_code == 200


def test_a_requester_without_a_second_factor_is_not_redirected(client, settings):
    settings.MFA_REQUIRED_FOR_STAFF = True
    client.force_login(RequesterFactory())
    assert client.get(reverse("opendesk:booking_list")).status_code == 200


def test_login_with_an_authenticator_app_asks_for_its_code(client):
    coordinator = CoordinatorFactory()
    verified(coordinator)
    secret = _with_totp(coordinator)

    first = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}
    )
    assert first.url == reverse("mfa_authenticate")
    asked = client.get(first.url).content.decode()
    assert '<header class="topbar">' in asked and 'name="code"' in asked
    assert client.get(reverse("people:members")).status_code == 302  # not logged in yet
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    second = client.post(reverse("mfa_authenticate"), {"code": code})

    assert second.status_code == 302
    assert client.get(reverse("people:members")).status_code == 200
    assert Authenticator.objects.filter(user=coordinator).count() == 1


# --- 11. Session idle and absolute timeouts ------------------------------------------------


def _stored_expiry_s() -> float:
    session = Session.objects.get()
    return (session.expire_date - timezone.now()).total_seconds()


def test_a_session_ends_after_the_idle_time(client, settings):
    client.force_login(RequesterFactory())
    session = client.session
    session[LAST_SEEN_AT] = time.time() - settings.SESSION_IDLE_MINUTES * 60 - 1
    session.save()

    response = client.get(reverse("opendesk:booking_list"))

    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(reverse("opendesk:booking_list")).status_code == 302  # logged out


def test_activity_renews_the_idle_time(client, settings):
    client.force_login(RequesterFactory())
    session = client.session
    session[LAST_SEEN_AT] = time.time() - settings.SESSION_IDLE_MINUTES * 60 + 90
    session.save()
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=90))

    assert client.get(reverse("opendesk:booking_list")).status_code == 200

    idle = settings.SESSION_IDLE_MINUTES * 60
    assert idle - 60 < _stored_expiry_s() <= idle
    assert time.time() - client.session[LAST_SEEN_AT] < 60


def test_a_session_ends_hours_after_login_however_active(client, settings):
    client.force_login(RequesterFactory())
    session = client.session
    session[LOGGED_IN_AT] = time.time() - settings.SESSION_MAX_HOURS * 3600 - 1
    session.save()

    response = client.get(reverse("opendesk:booking_list"))

    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert client.get(reverse("opendesk:booking_list")).status_code == 302  # logged out


# --- 6. Upload keys end with the session ---------------------------------------------------


def _key_on_page(client, booking) -> str:
    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    return page.split("--token ", 1)[1].split()[0]


def _upload_with(key, booking):
    return Client().post(
        "/files/tus/",
        headers=tus_headers(
            Upload_Length="2000",
            Upload_Metadata=(f"filename {_b64('a.tif')},target {_b64(target_key(booking))}"),
            Authorization=f"Bearer {key}",
        ),
    )


def _b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


def test_an_upload_key_works_while_its_session_lasts_and_not_after_logout(client):
    requester = RequesterFactory()
    booking = submitted_booking(requester=requester)
    client.force_login(requester)
    key = _key_on_page(client, booking)

    created = _upload_with(key, booking)
    assert created.status_code == 201
    client.post(reverse("account_logout"))

    assert _upload_with(key, booking).status_code == 401
    patched = Client().generic(
        "PATCH",
        upload_path(created),
        data=image_bytes(2000),
        content_type="application/offset+octet-stream",
        headers=tus_headers(Upload_Offset="0", Authorization=f"Bearer {key}"),
    )
    assert patched.status_code == 401


def test_a_password_change_ends_the_upload_keys_of_every_session(client):
    requester = RequesterFactory()
    booking = submitted_booking(requester=requester)
    elsewhere = Client()
    elsewhere.force_login(requester)
    key = _key_on_page(elsewhere, booking)
    assert _upload_with(key, booking).status_code == 201

    client.force_login(requester)
    client.post(
        reverse("account_change_password"),
        {
            "oldpassword": PASSWORD,
            "password1": "A new long passphrase",
            "password2": "A new long passphrase",
        },
    )

    assert _upload_with(key, booking).status_code == 401


def test_an_upload_key_is_short_lived_and_renewed_by_the_page(client, settings, monkeypatch):
    requester = RequesterFactory()
    booking = submitted_booking(requester=requester)
    client.force_login(requester)
    key = _key_on_page(client, booking)
    renewed = _key_on_page(client, booking)
    assert renewed != key  # every page shows a fresh key

    later = time.time() + settings.INTAKE_TOKEN_HOURS * 3600 + 60
    monkeypatch.setattr(time, "time", lambda: later)
    settings.SESSION_MAX_HOURS = settings.SESSION_IDLE_MINUTES = 10**6  # the session lives on
    assert _upload_with(key, booking).status_code == 401
    monkeypatch.undo()
    assert _upload_with(renewed, booking).status_code == 201


# --- 7. Only this site's paths as `next` ---------------------------------------------------


@pytest.mark.parametrize(
    "wanted",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "http://testserver/x",
    ],
)
def test_a_form_never_sends_the_browser_to_another_site(client, wanted):
    coordinator = CoordinatorFactory()
    project = submitted_project()
    review_round = open_round(coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("projects:send_to_review", args=[project.pk]),
        {"review_round": review_round.pk, "next": wanted},
    )

    assert response.status_code == 302
    assert response.url == reverse("projects:queue")


def test_a_form_sends_the_browser_back_to_a_page_of_this_site(client):
    coordinator = CoordinatorFactory()
    project = submitted_project()
    review_round = open_round(coordinator)
    client.force_login(coordinator)
    back = reverse("projects:detail", args=[project.pk]) + "?tab=review"

    response = client.post(
        reverse("projects:send_to_review", args=[project.pk]),
        {"review_round": review_round.pk, "next": back},
    )

    assert response.url == back


def test_the_admin_login_form_cannot_skip_the_second_factor(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
