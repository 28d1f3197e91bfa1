"""Coordinators manage who is an analyst; only admins make coordinators."""

import pytest
from django.urls import reverse

from biafed.common.errors import BusinessRuleError
from biafed.people.models import Role
from biafed.people.services import set_membership
from tests.factories import CoordinatorFactory, HostFacilityFactory, RequesterFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_coordinator_makes_a_requester_an_analyst_of_a_facility(client):
    coordinator = CoordinatorFactory()
    person = RequesterFactory()
    facility = HostFacilityFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("people:member_edit", args=[person.pk]),
        {"roles": [Role.REQUESTER, Role.ANALYST], "host_facility": facility.pk},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert set(person.roles.values_list("role", flat=True)) == {Role.REQUESTER, Role.ANALYST}
    assert person.analyst_profile.host_facility == facility


def test_analyst_role_without_facility_is_explained(client):
    coordinator = CoordinatorFactory()
    person = RequesterFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("people:member_edit", args=[person.pk]), {"roles": [Role.ANALYST]}
    )
    assert "Choose the analyst&#x27;s host facility." in response.content.decode()
    assert not person.roles.filter(role=Role.ANALYST).exists()


def test_coordinator_cannot_grant_coordinator_role():
    coordinator = CoordinatorFactory()
    with pytest.raises(BusinessRuleError):
        set_membership(actor=coordinator, user=UserFactory(), roles={Role.COORDINATOR})


def test_members_page_is_for_coordinators_only(client):
    client.force_login(RequesterFactory())
    assert client.get(reverse("people:members")).status_code == 403
    client.force_login(CoordinatorFactory())
    assert client.get(reverse("people:members")).status_code == 200
