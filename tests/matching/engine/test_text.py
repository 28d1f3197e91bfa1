"""Synonyms and free text: terms found in requests and profiles, and how they count."""

import json
from importlib import resources

from biafed.matching.engine import Analyst, Request, Term, Vocabulary, affinity, text_terms

CELLPOSE, SEG, THREE_D, TRACK, STARDIST, DL, FIJI, IMAGEJ = 1, 2, 3, 4, 5, 6, 7, 8
NAMES = {
    CELLPOSE: "cellpose",
    SEG: "segmentation",
    THREE_D: "3D",
    TRACK: "tracking",
    STARDIST: "StarDist",
    DL: "deep learning",
    FIJI: "Fiji",
    IMAGEJ: "ImageJ",
}


def request(terms=(), text="", **kwargs):
    return Request(id=1, allowed_slots=frozenset(), terms=frozenset(terms), text=text, **kwargs)


def analyst(expertise=None, text="", **kwargs):
    return Analyst(
        id=1,
        site=1,
        institution="EMBL",
        available_slots=frozenset(),
        expertise=expertise or {},
        text=text,
        **kwargs,
    )


def found(text, names=NAMES):
    vocabulary = Vocabulary.for_names(names)
    return {names[t]: (f.how, f.via) for t, f in text_terms(text, vocabulary).items()}


def test_the_curated_synonyms_cover_the_whole_shipped_vocabulary():
    def load(package, path):
        return json.loads(resources.files(package).joinpath(path).read_text("utf-8"))

    names = {e["name"] for e in load("biafed.people", "data/vocabulary.json")}
    curated = load("biafed.matching.engine", "data/synonyms.json")
    referenced = {n for links in curated["related"].values() for n, _ in links}
    referenced |= {n for links in curated["phrases"].values() for n, _ in links}

    assert len(names) == 69
    assert set(curated["aliases"]) == names
    assert set(curated["related"]) <= names
    assert referenced <= names


def test_fiji_and_imagej_are_the_same_term():
    a = affinity(request([FIJI]), analyst({IMAGEJ: "expert"}), NAMES)

    assert (a.score, a.why) == (0.9, "matched: Fiji (as ImageJ, expert)")


def test_a_tool_partly_covers_the_method_it_serves():
    a = affinity(request([SEG]), analyst({CELLPOSE: "expert"}), NAMES)
    advise = affinity(request([SEG]), analyst({CELLPOSE: "advise"}), NAMES)

    assert (a.score, a.why) == (0.72, "matched: segmentation (through cellpose, expert)")
    assert advise.score == round(0.6 * 0.8 * 0.9, 3)
    assert a.indirect == ((SEG, "through cellpose (expert)"),)


def test_phrases_in_free_text_are_found_after_stemming_and_in_any_order():
    assert found("We segment the nuclei of organoids") == {
        "segmentation": ("phrase", "segment the nuclei")
    }
    assert found("Tracks of cells imaged with ImageJ") == {
        "tracking": ("phrase", "Tracks of cells"),
        "Fiji": ("phrase", "ImageJ"),
        "ImageJ": ("phrase", "ImageJ"),
    }


def test_stardist_in_text_asks_for_segmentation_and_deep_learning():
    assert found("We tried StarDist last year") == {
        "cellpose": ("related", "StarDist"),
        "segmentation": ("related", "StarDist"),
        "StarDist": ("phrase", "StarDist"),
        "deep learning": ("related", "StarDist"),
    }


def test_bm25_finds_a_term_from_its_description_alone():
    assert found("linking objects over frames into lineages") == {"tracking": ("text", "")}


def test_text_without_any_term_and_empty_text_find_nothing():
    assert found("Hello, I would like some advice.") == {}
    assert found("   ") == {}


def test_the_explanation_says_what_matched_and_how():
    wanted = request(
        [CELLPOSE, THREE_D], text="nuclei segmentation, then linking objects into lineages"
    )
    expert = analyst(
        {CELLPOSE: "expert", SEG: "advise", THREE_D: "advise", TRACK: "advise"},
    )

    a = affinity(wanted, expert, {k: v for k, v in NAMES.items() if k != STARDIST})

    assert a.why == (
        "matched: cellpose (expert), 3D, segmentation via 'nuclei segmentation' "
        "(through cellpose, expert); text: tracking"
    )


def test_text_terms_count_less_than_tags():
    tagged = affinity(request([SEG, TRACK]), analyst({SEG: "expert"}), NAMES)
    in_text = affinity(request([SEG], text="cell tracking"), analyst({SEG: "expert"}), NAMES)

    assert tagged.score == 0.45  # half of what was asked
    assert in_text.score == 0.6  # 1 / (1 + 0.5): tracking counts half


def test_the_profile_text_counts_for_a_little():
    a = affinity(request([TRACK]), analyst(text="I do a lot of cell tracking."), NAMES)

    assert (a.score, a.why) == (0.27, "matched: tracking (profile text)")


def test_a_vocabulary_from_the_database_keeps_its_own_synonyms_and_descriptions():
    vocabulary = Vocabulary(
        [
            Term(1, "Segmentation", "method", ("masques",), "Découper les objets."),
            Term(2, "Organelle dynamics", "domain", (), "Mitochondrial fission and fusion."),
        ]
    )

    assert set(vocabulary.phrases("des masques de noyaux")) == {1}
    assert set(vocabulary.phrases("nuclei segmentation")) == {1}  # curated alias still applies
    assert set(vocabulary.bm25("mitochondrial fission")) == {2}
