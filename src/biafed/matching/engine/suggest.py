"""Expertise terms suggested from a request's free text, so that a form can pre-fill its tags.

The terms are those the affinity finds in the text (`affinity.text_terms`): named
by a phrase (its name, a synonym, a curated alias), related to such a term, or
close to a term's description by BM25. Related terms are suggested only from
`SUGGEST_RELATED_MIN` up (StarDist suggests Segmentation, not Cellpose).
"""

from collections.abc import Iterable

from biafed.matching.engine.affinity import SUGGEST_RELATED_MIN, Found, text_terms
from biafed.matching.engine.text import Vocabulary

_ORDER = {"phrase": 0, "related": 1, "text": 2}


def explain(found: Found) -> str:
    """Why a term is suggested, in plain English (the web page words it in the user's language)."""
    if found.how == "phrase":
        return f"'{found.via}' in the text"
    if found.how == "related":
        return f"often needed with {found.via}"
    return "close to its description"


def suggestions(
    text: str, vocabulary: Vocabulary, limit: int = 8, *, exclude: Iterable[int] = ()
) -> list[tuple[int, Found]]:
    """The terms to suggest for `text`, best first, with how each was found."""
    excluded = set(exclude)
    found = [
        (term, f)
        for term, f in text_terms(text, vocabulary).items()
        if term not in excluded and (f.how != "related" or f.relevance >= SUGGEST_RELATED_MIN)
    ]
    found.sort(key=lambda tf: (-tf[1].relevance, _ORDER[tf[1].how], vocabulary.name(tf[0])))
    return found[: max(0, limit)]


def suggest_terms(
    text: str, vocabulary: Vocabulary, limit: int = 8, *, exclude: Iterable[int] = ()
) -> list[tuple[int, float, str]]:
    """`(term id, score in (0, 1], why)` for the terms `text` points to, best first."""
    return [
        (term, round(f.relevance, 3), explain(f))
        for term, f in suggestions(text, vocabulary, limit, exclude=exclude)
    ]
