"""Expertise terms suggested from what a requester writes, for the booking form's tags.

The engine (`biafed.matching.engine.suggestions`) finds the terms; this module feeds
it the vocabulary of the database (active terms, with the synonyms and
descriptions coordinators keep) and returns the terms themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from biafed.matching.engine import Term, Vocabulary, suggestions
from biafed.people.models import ExpertiseTerm

MAX_TEXT = 10_000  # characters of text looked at

_latest: tuple[tuple[str, tuple[Any, ...]], Vocabulary] | None = None


def vocabulary() -> Vocabulary:
    """The active vocabulary of the database, rebuilt only when a term changed."""
    global _latest
    scorer = settings.AFFINITY_TEXT_SCORER
    rows = tuple(
        ExpertiseTerm.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "name", "family", "synonyms", "description")
    )
    if _latest is None or _latest[0] != (scorer, rows):
        terms = [
            Term(
                id=pk,
                name=name,
                family=family,
                synonyms=tuple(s.strip() for s in synonyms.split(",") if s.strip()),
                description=description,
            )
            for pk, name, family, synonyms, description in rows
        ]
        _latest = ((scorer, rows), Vocabulary(terms, scorer=scorer))
    return _latest[1]


@dataclass(frozen=True)
class Suggestion:
    term: ExpertiseTerm
    score: float  # in (0, 1]
    how: str  # "phrase": named in the text; "related": goes with a named term; "text": BM25
    via: str  # the words of the text, or the related term's name


def suggest_terms(
    *,
    text: str,
    families: Iterable[str] | None = None,
    exclude: Iterable[int | str] = (),
    limit: int = 8,
) -> list[Suggestion]:
    """Terms of `families` (all when None) that `text` points to, best first, minus `exclude`."""
    text = text[:MAX_TEXT]
    if not text.strip():
        return []
    vocab = vocabulary()
    allowed = None
    if families is not None:
        allowed = {pk for pk, t in vocab.terms.items() if t.family in set(families)}
    excluded = {int(pk) for pk in exclude}
    if allowed is not None:
        excluded |= set(vocab.terms) - allowed
    found = suggestions(text, vocab, limit, exclude=excluded)
    terms = ExpertiseTerm.objects.in_bulk([pk for pk, _ in found])
    return [
        Suggestion(terms[pk], round(f.relevance, 3), f.how, f.via) for pk, f in found if pk in terms
    ]
