"""The optional sentence-embedding scorer (the `embeddings` extra); skipped when it is absent."""

import random
from dataclasses import replace

import numpy as np
import pytest

from biafed.matching.engine import (
    Vocabulary,
    affinity,
    affinity_matrix,
    embedding,
    generate,
    text_terms,
)

needs_extra = pytest.mark.skipif(
    not embedding.available(), reason="the 'embeddings' extra is not installed"
)


def test_the_default_scorer_is_bm25_and_a_wrong_name_is_refused():
    assert Vocabulary.for_names({1: "Tracking"}).scorer == "bm25"

    with pytest.raises(ValueError, match="expected one of bm25, embedding"):
        Vocabulary.for_names({1: "Tracking"}, scorer="magic")


@pytest.mark.skipif(embedding.available(), reason="the 'embeddings' extra is installed")
def test_asking_for_embeddings_without_the_extra_says_how_to_install_it():
    with pytest.raises(RuntimeError, match="uv sync --extra embeddings"):
        Vocabulary.for_names({1: "Tracking"}, scorer="embedding")


@needs_extra
def test_embeddings_find_a_term_described_in_other_words():
    vocabulary = Vocabulary.shipped(scorer="embedding")
    names = {t: vocabulary.name(t) for t in vocabulary.terms}

    found = text_terms("We follow each cell from frame to frame to draw its lineage", vocabulary)

    assert "Tracking" in {names[t] for t, f in found.items() if f.how == "text"}


@needs_extra
def test_the_matrix_equals_the_per_pair_scores_with_embeddings():
    rng = random.Random(1)
    words = ["cells dividing over time", "nuclei in 3D", "bacteria growth", "tissue sections", ""]
    base = generate(30, 20, seed=1)
    inst = replace(
        base,
        requests=tuple(replace(r, text=rng.choice(words)) for r in base.requests),
        analysts=tuple(replace(a, text=rng.choice(words)) for a in base.analysts),
    )
    vocabulary = Vocabulary.for_names(inst.term_names, scorer="embedding")

    m = affinity_matrix(inst, vocabulary=vocabulary)
    pairs = np.array(
        [
            [affinity(r, a, inst.term_names, vocabulary=vocabulary).score for a in inst.analysts]
            for r in inst.requests
        ],
        dtype=np.float32,
    )

    assert np.array_equal(m, pairs)
