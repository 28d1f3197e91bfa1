"""Weighted needs in the affinity, and the bonus for knowing a request's main need."""

from biafed.matching.engine import Analyst, Instance, Request, Slot, affinity, affinity_matrix
from biafed.matching.engine.affinity import MAIN_NEED_BONUS

NAMES = {1: "StarDist", 2: "Segmentation", 3: "TrackMate"}


def analyst(i, expertise):
    return Analyst(
        id=i, site=i, institution=f"u{i}", available_slots=frozenset({1}), expertise=expertise
    )


def test_needs_weigh_by_their_evidence():
    request = Request(id=1, allowed_slots=frozenset({1}), needs={1: 0.9, 3: 0.1})
    knows_stardist = affinity(request, analyst(1, {1: "expert"}), NAMES)
    knows_trackmate = affinity(request, analyst(2, {3: "expert"}), NAMES)
    assert knows_stardist.score > 0.8 > 0.2 > knows_trackmate.score


def test_knowing_the_main_need_adds_a_bonus_and_the_matrix_agrees():
    requests = (
        Request(id=1, allowed_slots=frozenset({1}), needs={1: 0.8, 2: 0.6}, main_need=1),
        Request(id=2, allowed_slots=frozenset({1}), needs={1: 0.8, 2: 0.6}),
        Request(id=3, allowed_slots=frozenset({1}), text="StarDist nuclei", language="fr"),
    )
    analysts = (analyst(1, {1: "advise"}), analyst(2, {2: "expert"}), analyst(3, {}))
    instance = Instance(
        slots=(Slot(id=1, rooms=3),), requests=requests, analysts=analysts, term_names=NAMES
    )
    matrix = affinity_matrix(instance)
    for i, r in enumerate(requests):
        for j, a in enumerate(analysts):
            assert matrix[i, j] == affinity(r, a, NAMES).score
    with_main, without = matrix[0], matrix[1]
    assert with_main[0] > without[0]  # knows the main need
    assert with_main[1] < without[1]  # knows only a secondary need
    assert with_main[0] - with_main[1] > MAIN_NEED_BONUS / 2


def test_the_explanation_says_what_the_analyst_knows_and_which_words_suggested_it():
    request = Request(
        id=1,
        allowed_slots=frozenset({1}),
        needs={1: 0.8, 2: 0.6},
        need_words={1: "nuclei touch each other"},
    )
    why = affinity(request, analyst(1, {1: "expert", 2: "advise"}), NAMES).why
    assert why.startswith("knows StarDist (expert), suggested by 'nuclei touch each other'")
    assert "Segmentation" in why
