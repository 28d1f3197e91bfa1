"""Understanding a request: ranked tools and methods with evidence, in every language."""

from functools import cache
from pathlib import Path

import pytest

from biafed.matching.engine import Case, CaseIndex, Understander, load_files
from biafed.matching.engine.languages import detect

DATA = Path(__file__).parent / "data"


@cache
def understander() -> Understander:
    return Understander(load_files(DATA / "catalogue_small.json", DATA / "edam_plain_small.json"))


def slugs(needs) -> list[str]:
    return [understander().entry(n.entry).slug for n in needs]


TOUCHING_NUCLEI_3D = {
    "en": "My nuclei touch each other in 3D stacks and I need to count them.",
    "fr": "Mes noyaux se touchent dans des piles 3D et je dois les compter.",
    "es": "Mis núcleos se tocan en pilas 3D y necesito contarlos.",
}


@pytest.mark.parametrize("language", sorted(TOUCHING_NUCLEI_3D))
def test_touching_nuclei_in_3d_rank_stardist_or_cellpose_and_segmentation_first(language):
    result = understander().understand(TOUCHING_NUCLEI_3D[language])
    assert result.language == language
    tools = slugs(result.of_family("tool"))
    methods = slugs(result.of_family("method"))
    assert tools[0] in {"stardist", "cellpose"}
    assert set(tools[:2]) == {"stardist", "cellpose"}
    assert "segmentation" in methods[0].casefold()


def test_evidence_says_which_words_matched_and_through_which_path():
    result = understander().understand("Les noyaux se touchent, je veux les séparer")
    stardist = next(n for n in result.needs if slugs([n]) == ["stardist"])
    assert "feature" in stardist.paths and "operation" in stardist.paths
    feature = next(e for e in stardist.evidence if e.path == "feature")
    assert feature.words == "noyaux se touchent"  # as written, accents kept


def test_a_stem_collision_alone_suggests_nothing():
    # "correlation" shares its stem with "correlative microscopy": one word is not enough.
    result = understander().understand("I want to study the correlation between two things.")
    assert "icy-ec-clem" not in slugs(result.needs)


def test_a_name_is_strong_evidence_and_an_alias_finds_its_tool():
    result = understander().understand("I tried ImageJ but it did not work")
    fiji = result.needs[0]
    assert slugs([fiji]) == ["fiji"]
    assert fiji.paths[0] == "alias" and not fiji.guess


def test_names_that_are_common_words_need_their_capitals():
    assert "icy" not in slugs(understander().understand("the icy road to the lab").needs)
    assert "icy" in slugs(understander().understand("I opened them in Icy").needs)


def test_evidence_remembers_the_answer_it_comes_from():
    result = understander().understand(
        [("title", "Cell movies"), ("measurements", "follow each cell over time")]
    )
    trackmate = next(n for n in result.needs if slugs([n]) == ["trackmate"])
    feature = next(e for e in trackmate.evidence if e.path == "feature")
    assert feature.field == "measurements"


def test_bm25_alone_is_a_low_weight_guess():
    result = understander().understand("interactive painting of pixels")
    assert result.needs
    assert all(n.guess for n in result.needs if n.paths == ("text",))


def test_past_consultations_lend_their_tools_as_evidence():
    stardist = understander().by_slug["stardist"].id
    cases = CaseIndex(
        [
            Case(
                "booking:1", "zebrafish embryo nuclei crowded in light-sheet volumes", (stardist,)
            ),
            Case("booking:2", "bacteria swimming speed in a microfluidic chamber", ()),
        ]
    )
    text = "crowded nuclei in zebrafish embryo light-sheet volumes"
    similar = cases.similar(text)
    assert [s.case.id for s in similar] == ["booking:1"]
    result = understander().understand(text, past=cases.evidence(similar))
    need = next(n for n in result.needs if n.entry == stardist)
    assert "past" in need.paths


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("I want to count the cells in my images", "en"),
        ("Je veux suivre les bactéries dans le temps", "fr"),
        ("Quiero seguir las bacterias en el tiempo", "es"),
        ("Quero contar as células nas minhas imagens", "pt"),
        ("cellpose 3D", "en"),
    ],
)
def test_language_detection(text, language):
    assert detect(text) == language
