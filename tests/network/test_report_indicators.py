"""The network's indicators appear in the report to the umbrella infrastructure."""

from datetime import date

import pytest

from biafed.reporting.registry import indicators


@pytest.mark.django_db
def test_network_life_indicators_are_registered_and_computed_on_an_empty_network():
    found = {i.key: i for i in indicators()}
    for key in (
        "network.meetings_held",
        "network.topics_by_kind",
        "network.help_threads",
        "network.resources_shared",
    ):
        assert key in found
        assert found[key].per_site is False
    start, end = date(2026, 1, 1), date(2026, 12, 31)
    assert found["network.meetings_held"].compute(start=start, end=end, site=None) == 0
    assert found["network.help_threads"].compute(start=start, end=end, site=None) == {
        "opened": 0,
        "answered": 0,
    }
