"""The demo network's expertise is drawn from the catalogue: common tools several times."""

from collections import Counter

import pytest

from biafed.catalogue import demo as catalogue_demo
from biafed.people import demo as people_demo
from biafed.people.models import AnalystExpertise, AnalystProfile

pytestmark = pytest.mark.django_db


def test_demo_analysts_hold_catalogue_tools_common_ones_several_times():
    people_demo.load(stored_files=[])
    summary = catalogue_demo.load(stored_files=[])

    assert "Catalogue imported" in summary
    held = Counter(
        AnalystExpertise.objects.filter(term__catalogue__isnull=False).values_list(
            "term__catalogue__slug", flat=True
        )
    )
    for common in ("napari", "cellpose", "stardist", "qupath", "ilastik", "cellprofiler"):
        assert held[common] >= 3, common
    per_analyst = Counter(AnalystExpertise.objects.values_list("profile_id", flat=True))
    assert len(per_analyst) == AnalystProfile.objects.count() == 20
    assert max(per_analyst.values()) <= 20
    # Loading the catalogue's part again changes nobody's expertise.
    before = set(AnalystExpertise.objects.values_list("profile_id", "term_id", "level"))
    catalogue_demo.load(stored_files=[])
    assert set(AnalystExpertise.objects.values_list("profile_id", "term_id", "level")) == before
