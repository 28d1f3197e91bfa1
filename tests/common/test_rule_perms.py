"""Pages offer exactly what their views accept: `perms` in templates asks the rules."""

import pytest
from django.urls import reverse

from biafed.people.models import Role
from tests.factories import AnalystFactory, OpenDeskDayFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_superuser_coordinator_is_not_offered_what_the_rules_refuse_them(client):
    day = OpenDeskDayFactory()
    boss = UserFactory(roles=(Role.COORDINATOR,), is_superuser=True, is_staff=True)
    client.force_login(boss)
    availability = reverse("opendesk:availability", args=[day.pk])

    page = client.get(reverse("opendesk:day_list")).content.decode()

    assert availability not in page  # only analysts declare availability
    assert client.get(availability).status_code == 403
    assert reverse("opendesk:day_dashboard", args=[day.pk]) in page


def test_an_analyst_is_offered_their_availability(client):
    day = OpenDeskDayFactory()
    client.force_login(AnalystFactory())
    page = client.get(reverse("opendesk:day_list")).content.decode()
    assert reverse("opendesk:availability", args=[day.pk]) in page
