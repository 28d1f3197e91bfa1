"""The network report exports the period's publications with their people's ORCID iDs."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.people.identity_support import ORCID_ID
from tests.reporting import network_world

pytestmark = pytest.mark.django_db


def test_publications_are_exported_with_orcid_ids(client, django_assert_max_num_queries):
    world = network_world.build()
    get_user_model().objects.filter(pk=world.b1.pk).update(orcid=ORCID_ID)
    client.force_login(world.coordinator)
    url = reverse("reporting:network_report")
    period = {"start": "2025-01-01", "end": "2025-12-31"}

    listed = client.get(url, {**period, "format": "publications"})
    rows = listed.content.decode().splitlines()
    assert listed["Content-Disposition"].endswith('publications-2025-01-01.csv"')
    assert rows[0] == "source,title,doi,year,project,role,person,institution,orcid"
    assert any(
        row.startswith("deliverable,Paper,10.1000/xyz,,Tracking bacteria,lead,Ben Beta,")
        and row.endswith(ORCID_ID)
        for row in rows
    )

    exported = json.loads(client.get(url, {**period, "format": "json"}).content)
    (paper,) = exported["publications"]
    assert {"role": "lead", "orcid": ORCID_ID}.items() <= paper["people"][1].items()
