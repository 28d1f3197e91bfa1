"""Suggesting expertise terms from a request's free text."""

from biafed.matching.engine import Vocabulary, suggest_terms


def named(text, **kwargs):
    vocabulary = Vocabulary.shipped()
    return [
        (vocabulary.name(t), score, why)
        for t, score, why in suggest_terms(text, vocabulary, **kwargs)
    ]


def test_terms_named_in_the_text_come_first_with_the_words_that_name_them():
    got = named("We segment the nuclei in confocal stacks with StarDist, then track them", limit=4)

    assert got == [
        ("Confocal", 1.0, "'confocal' in the text"),
        ("Segmentation", 1.0, "'segment the nuclei' in the text"),
        ("StarDist", 1.0, "'StarDist' in the text"),
        ("Tracking", 1.0, "'track' in the text"),
    ]


def test_only_strongly_related_terms_are_suggested():
    got = [name for name, _, _ in named("We tried StarDist")]

    assert got == ["StarDist", "Segmentation"]  # not Cellpose nor Deep learning frameworks (0.5)


def test_a_description_match_is_suggested_with_a_lower_score():
    [(name, score, why)] = named("linking objects over frames into lineages", limit=1)

    assert (name, why) == ("Tracking", "close to its description")
    assert 0.4 < score < 1.0


def test_terms_already_chosen_are_left_out_and_the_limit_holds():
    vocabulary = Vocabulary.shipped()
    segmentation = next(t for t, term in vocabulary.terms.items() if term.name == "Segmentation")

    got = suggest_terms(
        "nuclei segmentation in 3D with Cellpose", vocabulary, 8, exclude=[segmentation]
    )

    assert segmentation not in [t for t, _, _ in got]
    assert suggest_terms("nuclei segmentation in 3D with Cellpose", vocabulary, 1) != []
    assert len(suggest_terms("nuclei segmentation in 3D with Cellpose", vocabulary, 1)) == 1
    assert suggest_terms("", vocabulary, 5) == []
