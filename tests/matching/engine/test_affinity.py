"""Affinity scores and their explanations."""

import random
from dataclasses import replace

import numpy as np
import pytest

from biafed.matching.engine import affinity, affinity_matrix, generate

from .helpers import FIJI, NAMES, NAPARI, SEG, TRACK, analyst, instance, request


def test_expert_scores_above_advise_and_the_score_is_in_0_1():
    wanted = request(1, terms=(SEG,))

    expert = affinity(wanted, analyst(1, expertise={SEG: "expert"}), NAMES)
    advise = affinity(wanted, analyst(2, expertise={SEG: "advise"}), NAMES)

    assert (expert.score, advise.score) == (0.9, 0.54)
    assert (expert.points, advise.points) == (90, 54)


def test_the_primary_tool_counts_twice_and_is_explained():
    wanted = request(1, terms=(SEG, TRACK), primary_tool=NAPARI)

    a = affinity(wanted, analyst(1, expertise={NAPARI: "expert", TRACK: "advise"}), NAMES)

    assert a.score == round((2 * 1.0 + 0.6) / 4 * 0.9, 3)
    assert a.why == "matched: napari (expert, primary tool), tracking"


def test_experts_come_first_in_the_explanation():
    wanted = request(1, terms=(SEG, TRACK, FIJI))

    a = affinity(wanted, analyst(1, expertise={SEG: "advise", TRACK: "expert"}), NAMES)

    assert a.why == "matched: tracking (expert), segmentation"
    assert a.matched == ((TRACK, "expert"), (SEG, "advise"))


def test_no_match_and_no_terms_score_zero():
    nothing = affinity(request(1, terms=(TRACK,)), analyst(1, expertise={SEG: "expert"}), NAMES)
    no_terms = affinity(request(1, terms=()), analyst(1, expertise={SEG: "expert"}), NAMES)

    assert (nothing.score, nothing.why) == (0.0, "no expertise term matched")
    assert no_terms.score == 0.0


def test_a_shared_language_adds_a_bonus_up_to_one():
    wanted = request(1, terms=(SEG,), language="fr")

    a = affinity(wanted, analyst(1, expertise={SEG: "expert"}, languages=frozenset({"fr"})), NAMES)

    assert (a.score, a.why) == (1.0, "matched: segmentation (expert); speaks fr")


def test_an_unnamed_term_is_still_explained():
    a = affinity(request(1, terms=(42,)), analyst(1, expertise={42: "expert"}), {})

    assert a.why == "matched: term 42 (expert)"


# --- The matrix of every pair ----------------------------------------------------------------


def per_pair(inst):
    return np.array(
        [[affinity(r, a, inst.term_names).score for a in inst.analysts] for r in inst.requests],
        dtype=np.float32,
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_matrix_equals_the_per_pair_scores_on_random_instances(seed):
    inst = generate(60, 40, seed=seed)

    m = affinity_matrix(inst, chunk=16)

    assert (m.dtype, m.shape) == (np.float32, (60, 40))
    assert np.array_equal(m, per_pair(inst))


def test_the_matrix_handles_requests_without_terms_and_empty_instances():
    inst = instance(
        [request(1, terms=()), request(2, terms=(SEG,), primary_tool=NAPARI, language="fr")],
        [analyst(1, expertise={SEG: "expert"}, languages=frozenset({"fr"})), analyst(2)],
    )

    assert np.array_equal(affinity_matrix(inst), per_pair(inst))
    assert affinity_matrix(instance([], [analyst(1)])).shape == (0, 1)
    assert affinity_matrix(instance([request(1)], [])).shape == (1, 0)


WORDS = (
    "nuclei segmentation, cell tracking, StarDist, Cellpose, ImageJ, Fiji, 3D stacks, napari, "
    "light sheet, colocalization, linking objects into lineages, organoids, deep learning, "
    "statistics, time lapse, spot detection, hello, please, our images, movies, QuPath"
).split(", ")


@pytest.mark.parametrize("seed", range(4))
def test_the_matrix_equals_the_per_pair_scores_with_free_text(seed):
    rng = random.Random(seed)

    def text():
        return " ".join(rng.sample(WORDS, rng.randint(0, 4)))

    base = generate(50, 30, seed=seed)
    inst = replace(
        base,
        requests=tuple(replace(r, text=text()) for r in base.requests),
        analysts=tuple(replace(a, text=text()) for a in base.analysts),
    )

    assert np.array_equal(affinity_matrix(inst, chunk=7), per_pair(inst))
    assert any(r.text for r in inst.requests)
