"""Personal API tokens: scoped, expiring, revocable, stored as a digest, shown once,
rate-limited; created and revoked on the site."""

import hashlib
import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from biafed.api.models import ApiToken
from tests.api.helpers import Api, token
from tests.factories import OpenDeskDayFactory, RequesterFactory

pytestmark = pytest.mark.django_db


def test_a_read_token_reads_its_area_only_and_cannot_write():
    requester = RequesterFactory()
    api = Api(token(requester, ["opendesk:read"]))
    assert api.get("bookings/").status_code == 200
    assert api.get("projects/").status_code == 403
    assert api.get("notifications/").status_code == 403
    refused = api.post("bookings/", {"day": OpenDeskDayFactory().pk})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"
    writer = Api(token(requester, ["opendesk:write"]))
    assert writer.get("bookings/").status_code == 200  # write includes read
    assert writer.post("bookings/", {"day": OpenDeskDayFactory().pk}).status_code == 201


def test_an_expired_or_revoked_token_is_refused():
    requester = RequesterFactory()
    raw = token(requester)
    api = Api(raw)
    assert api.get("bookings/").status_code == 200
    stored = ApiToken.objects.get(owner=requester)
    stored.expires_at = timezone.now() - timedelta(seconds=1)
    stored.save()
    assert api.get("bookings/").status_code == 401
    stored.expires_at = timezone.now() + timedelta(days=1)
    stored.revoked_at = timezone.now()
    stored.save()
    response = api.get("bookings/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_a_wrong_or_malformed_token_is_refused():
    raw = token(RequesterFactory())
    assert Api(raw[:-2] + "xx").get("bookings/").status_code == 401
    assert Api("bfd_nothing").get("bookings/").status_code == 401
    client = Client()
    response = client.get("/api/v1/bookings/", headers={"Authorization": "Bearer a b"})
    assert response.status_code == 401


def test_only_a_digest_is_stored_and_the_owners_account_must_be_active():
    requester = RequesterFactory()
    raw = token(requester)
    stored = ApiToken.objects.get(owner=requester)
    assert raw not in str(ApiToken.objects.filter(pk=stored.pk).values().first())
    assert stored.digest == hashlib.sha256(raw.encode()).hexdigest()
    requester.is_active = False
    requester.save()
    assert Api(raw).get("bookings/").status_code == 401


@override_settings(API_RATE_PER_MINUTE=3)
def test_each_token_has_its_own_rate_limit():
    cache.clear()
    requester = RequesterFactory()
    first, second = Api(token(requester)), Api(token(requester))
    assert [first.get("expertise-terms/").status_code for _ in range(3)] == [200] * 3
    limited = first.get("expertise-terms/")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert second.get("expertise-terms/").status_code == 200


def test_a_person_creates_a_token_on_the_site_sees_it_once_and_revokes_it():
    requester = RequesterFactory()
    client = Client()
    client.force_login(requester)
    profile = client.get("/people/me/")
    assert b"/integrations/tokens/" in profile.content
    response = client.post(
        "/integrations/tokens/",
        {"name": "lab dashboard", "days": "30", "area_opendesk": "read"},
        follow=True,
    )
    assert response.redirect_chain == [("/integrations/tokens/", 302)]
    shown = re.search(rb'data-testid="token-secret">(bfd_[^<]+)<', response.content)
    assert shown, response.content
    raw = shown.group(1).decode()
    assert Api(raw).get("bookings/").status_code == 200
    assert raw.encode() not in client.get("/integrations/tokens/").content  # shown once
    stored = ApiToken.objects.get(owner=requester)
    assert stored.scopes == ["opendesk:read"]
    assert client.post(f"/integrations/tokens/{stored.pk}/revoke/").status_code == 302
    assert Api(raw).get("bookings/").status_code == 401


def test_a_token_needs_an_area_and_a_sensible_lifetime():
    client = Client()
    client.force_login(RequesterFactory())
    none = client.post("/integrations/tokens/", {"name": "x", "days": "30"})
    assert "Choose at least one area" in none.content.decode()
    too_long = client.post(
        "/integrations/tokens/", {"name": "x", "days": "5000", "area_people": "read"}
    )
    assert too_long.status_code == 200
    assert 'value="5000"' in too_long.content.decode()  # nothing typed is lost
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token():
    owner, other = RequesterFactory(), RequesterFactory()
    raw = token(owner)
    stored = ApiToken.objects.get(owner=owner)
    client = Client()
    client.force_login(other)
    assert client.post(f"/integrations/tokens/{stored.pk}/revoke/").status_code == 404
    assert Api(raw).get("bookings/").status_code == 200
