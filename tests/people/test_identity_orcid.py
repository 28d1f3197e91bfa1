"""ORCID sign-up (orcid.org answered by `responses`: it cannot be reached from the tests)
then a booking; the iD kept on the user and shown to staff; switches."""

from urllib.parse import parse_qs, urlparse

import pytest
import responses
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from biafed.opendesk.models import Booking, BookingStatus
from biafed.people.models import Role, User
from biafed.people.privacy.closure import close_account
from tests.factories import AnalystFactory, OpenDeskDayFactory, seat, submitted_booking, verified
from tests.people.identity_support import ORCID_ID, confirm_path, enable_orcid

pytestmark = pytest.mark.django_db


def _sign_in_with_orcid(client, *, name="Rosalind Franklin"):
    start = client.post(reverse("orcid_login"))
    assert start.url.startswith("https://orcid.org/oauth/authorize")
    state = parse_qs(urlparse(start.url).query)["state"][0]
    given, _, family = name.partition(" ")
    with responses.RequestsMock() as orcid:
        orcid.post(
            "https://pub.orcid.org/oauth/token",
            json={"access_token": "t", "token_type": "bearer", "orcid": ORCID_ID, "name": name},
        )
        orcid.get(
            f"https://pub.orcid.org/v3.0/{ORCID_ID}/record",
            json={
                "orcid-identifier": {"path": ORCID_ID, "uri": f"https://orcid.org/{ORCID_ID}"},
                "person": {
                    "name": {"given-names": {"value": given}, "family-name": {"value": family}},
                    "emails": {"email": []},
                },
            },
        )
        return client.get(reverse("orcid_callback"), {"code": "abc", "state": state})


def test_sign_up_with_orcid_then_book_a_session(client, settings):
    enable_orcid(settings)
    day = OpenDeskDayFactory()
    assert "Sign in with ORCID" in client.get(reverse("account_login")).content.decode()

    back = _sign_in_with_orcid(client)
    assert back.url == reverse("socialaccount_signup")
    assert 'value="Rosalind Franklin"' in client.get(back.url).content.decode()
    client.post(
        back.url,
        {
            "email": "rosalind@kcl.example.org",
            "full_name": "Rosalind Franklin",
            "institution": "KCL",
        },
    )
    user = User.objects.get(email="rosalind@kcl.example.org")
    assert (user.orcid, user.has_role(Role.REQUESTER)) == (ORCID_ID, True)
    # ORCID gave no verified e-mail: the address is confirmed by mail first.
    client.post(confirm_path(mail.outbox[-1].body))
    client.logout()
    _sign_in_with_orcid(client)
    assert int(client.session["_auth_user_id"]) == user.pk

    client.post(reverse("opendesk:start_booking", args=[day.pk]))
    booking = Booking.objects.get(requester=user)
    client.post(
        reverse("opendesk:booking_edit", args=[booking.pk]),
        {
            "title": "Counting foci",
            "biological_question": "Does X change foci?",
            "objects_of_interest": "Nuclei",
            "measurements": "Foci per nucleus",
            "dimensionality": "3d",
            "consent_to_share": "on",
            "slot": day.slots.get(index=1).pk,
            "submit": "1",
        },
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED


def test_unlinking_orcid_removes_the_id(client, settings):
    enable_orcid(settings)
    back = _sign_in_with_orcid(client)
    client.post(back.url, {"email": "r@kcl.example.org", "full_name": "R F", "institution": "KCL"})
    user = User.objects.get(email="r@kcl.example.org")
    verified(user)  # allauth unlinks only while a verified e-mail and a password remain
    user.set_password("a-Long-passphrase-42")
    user.save()
    client.force_login(user)
    client.post(reverse("socialaccount_connections"), {"account": SocialAccount.objects.get().pk})
    user.refresh_from_db()
    assert user.orcid == ""


def test_staff_see_the_requester_orcid_on_the_booking_and_the_directory(client):
    booking = submitted_booking()
    User.objects.filter(pk=booking.requester_id).update(orcid=ORCID_ID)
    analyst = AnalystFactory(orcid=ORCID_ID)
    seat(booking, analyst)
    client.force_login(analyst)
    page = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert f'href="https://orcid.org/{ORCID_ID}"' in page
    directory = client.get(reverse("people:directory")).content.decode()
    assert f"https://orcid.org/{ORCID_ID}" in directory
    admin = AnalystFactory(roles=[Role.ADMIN])
    client.force_login(admin)
    members = client.get(reverse("people:members")).content.decode()
    assert f"https://orcid.org/{ORCID_ID}" in members


def test_orcid_off_by_default_and_password_login_can_be_switched_off(client, settings):
    page = client.get(reverse("account_login")).content.decode()
    assert "ORCID" not in page
    settings.LOGIN_PASSWORD_ENABLED = False
    enable_orcid(settings)
    page = client.get(reverse("account_login")).content.decode()
    assert 'name="password"' not in page and "Sign in with ORCID" in page
    assert "Sign up</a>" not in page
    user = AnalystFactory()
    refused = client.post(reverse("account_login"), {"login": user.email, "password": "x"})
    assert "switched off" in refused.content.decode()
    assert client.get(reverse("account_signup")).status_code == 200  # says: closed
    assert "_auth_user_id" not in client.session


def test_the_profile_leads_to_linking_orcid_and_shows_the_id(client, settings):
    enable_orcid(settings)
    user = AnalystFactory(orcid=ORCID_ID)
    client.force_login(user)
    profile = client.get(reverse("people:my_profile")).content.decode()
    assert f'href="https://orcid.org/{ORCID_ID}"' in profile
    assert reverse("socialaccount_connections") in profile
    connections = client.get(reverse("socialaccount_connections")).content.decode()
    assert '<header class="topbar">' in connections and "Link my ORCID iD" in connections


def test_closing_an_account_removes_its_orcid_id_and_linked_sign_ins():
    user = AnalystFactory(orcid=ORCID_ID)
    SocialAccount.objects.create(user=user, provider="orcid", uid=ORCID_ID)

    close_account(actor=user, user=user)

    user.refresh_from_db()
    assert (user.orcid, SocialAccount.objects.count()) == ("", 0)
