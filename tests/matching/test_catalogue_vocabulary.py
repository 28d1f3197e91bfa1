"""One vocabulary: what a coordinator edits in the catalogue reaches the day's allocation,
the allocation page's affinities, the project-team mode and the form's suggestions."""

import pytest

from biafed.catalogue.models import CatalogueEntry
from biafed.catalogue.services.entries import save_entry
from biafed.matching.engine import affinity
from biafed.matching.engine.affinity import vocabulary_of
from biafed.matching.services import affinity_for, build_day, propose_allocation
from biafed.matching.services.suggestions import suggest_terms
from biafed.opendesk.models import PanelMember
from biafed.people.models import ExpertiseFamily
from tests.factories import ExpertiseTermFactory, submitted_booking
from tests.matching.day_setup import analysts_available

pytestmark = pytest.mark.django_db

TEXT = "We need to glorbify the worm images before counting."


def add_alias(coordinator, term, alias: str) -> None:
    entry = CatalogueEntry.objects.get(term=term)
    save_entry(
        actor=coordinator,
        entry=entry,
        aliases=[*term.synonym_list, alias],
        names=entry.names,
        descriptions=entry.descriptions,
        features=entry.features,
        links=entry.links,
        operations=entry.operations.all(),
        active=True,
    )


@pytest.fixture
def zorbtool():
    return ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="Zorbtool")


def test_an_alias_edited_in_the_catalogue_changes_the_days_allocation(coordinator, day, zorbtool):
    others = [
        analysts_available(day, 1, expertise={ExpertiseTermFactory(): "expert"})[0]
        for _ in range(4)
    ]
    (knows_it,) = analysts_available(day, 1, expertise={zorbtool: "expert"})
    booking = submitted_booking(day=day, slot_index=0, biological_question=TEXT)

    def engine_affinity(analyst) -> float:
        instance = build_day(day).instance
        request = instance.request_by_id[booking.pk]
        return affinity(
            request,
            instance.analyst_by_id[analyst.pk],
            instance.term_names,
            vocabulary=vocabulary_of(instance),
        ).score

    assert engine_affinity(knows_it) == 0
    assert affinity_for(booking, knows_it)[0] == 0

    add_alias(coordinator, zorbtool, "glorbify")

    assert engine_affinity(knows_it) > 0
    assert affinity_for(booking, knows_it)[0] > 0
    assert all(engine_affinity(a) == 0 for a in others)
    propose_allocation(coordinator=coordinator, day=day)
    assert PanelMember.objects.filter(booking=booking, analyst=knows_it).exists()


def test_the_forms_suggestions_read_the_same_edit(coordinator, zorbtool):
    assert zorbtool.pk not in {s.term.pk for s in suggest_terms(text=TEXT)}
    add_alias(coordinator, zorbtool, "glorbify")
    assert zorbtool.pk in {s.term.pk for s in suggest_terms(text=TEXT)}


def test_a_term_retired_in_the_catalogue_is_no_longer_suggested(coordinator, zorbtool):
    add_alias(coordinator, zorbtool, "glorbify")
    entry = CatalogueEntry.objects.get(term=zorbtool)
    save_entry(
        actor=coordinator,
        entry=entry,
        aliases=entry.term.synonym_list,
        names=entry.names,
        descriptions=entry.descriptions,
        features=entry.features,
        links=entry.links,
        operations=[],
        active=False,
    )
    assert zorbtool.pk not in {s.term.pk for s in suggest_terms(text=TEXT)}
