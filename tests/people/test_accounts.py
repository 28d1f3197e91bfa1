"""Sign-up with e-mail verification, login, password reset (django-allauth)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from biafed.people.models import Role, User
from tests.factories import PASSWORD, RequesterFactory, verified

pytestmark = pytest.mark.django_db


def _first_link(body: str) -> str:
    return re.search(r"https?://[^\s]+", body).group(0)


def test_signup_requires_email_verification_then_grants_requester_role(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.scientist@example.org",
            "password1": "a-Long-passphrase-42",
            "password2": "a-Long-passphrase-42",
            "full_name": "New Scientist",
            "institution": "Université de Lille",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.scientist@example.org")
    assert (user.full_name, user.institution) == ("New Scientist", "Université de Lille")
    assert user.has_role(Role.REQUESTER)
    assert len(mail.outbox) == 1
    assert "confirm" in mail.outbox[0].body.lower()

    # Not verified yet: logging in only re-sends the confirmation.
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": "a-Long-passphrase-42"})
    assert client.get(reverse("opendesk:booking_list")).status_code == 302

    link = _first_link(mail.outbox[-1].body)
    confirm_path = (
        link.split("testserver", 1)[-1]
        if "testserver" in link
        else re.sub(r"^https?://[^/]+", "", link)
    )
    client.post(confirm_path)
    client.post(reverse("account_login"), {"login": user.email, "password": "a-Long-passphrase-42"})
    assert client.get(reverse("opendesk:booking_list")).status_code == 200


def test_signup_error_keeps_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "typo@example.org",
            "password1": "a-Long-passphrase-42",
            "password2": "different",
            "full_name": "Typed Name",
            "institution": "Institut Pasteur",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Typed Name"' in content and 'value="Institut Pasteur"' in content
    assert not User.objects.filter(email="typo@example.org").exists()


def test_password_reset_by_email(client):
    user = RequesterFactory(email="forgetful@example.org")
    verified(user)
    client.post(reverse("account_reset_password"), {"email": user.email})
    assert len(mail.outbox) == 1
    path = re.sub(r"^https?://[^/]+", "", _first_link(mail.outbox[0].body))
    form_page = client.get(path, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    client.post(action, {"password1": "brand-New-secret-77", "password2": "brand-New-secret-77"})
    user.refresh_from_db()
    assert user.check_password("brand-New-secret-77")
    assert not user.check_password(PASSWORD)


def test_login_and_logout(client):
    user = RequesterFactory()
    verified(user)
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.get(reverse("home")).context["user"] == user
    client.post(reverse("account_logout"))
    assert not client.get(reverse("home")).context["user"].is_authenticated
