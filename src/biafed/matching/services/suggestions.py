"""Expertise terms suggested from what a requester writes, for the booking form's tags.

The engine (`biafed.matching.engine.suggestions`) finds the terms; this module feeds
it the vocabulary of the catalogue (active terms, with the aliases and descriptions
coordinators keep) and returns the terms themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from biafed.catalogue.selectors import vocabulary as catalogue_vocabulary
from biafed.matching.engine import Term, Vocabulary, suggestions
from biafed.people.models import ExpertiseTerm

MAX_TEXT = 10_000  # characters of text looked at

_built: dict[tuple[str, bool], tuple[tuple, Vocabulary]] = {}


def vocabulary(*, active_only: bool = True) -> Vocabulary:
    """The engine's vocabulary of the catalogue (`biafed.catalogue.selectors.vocabulary`, the
    one builder the allocation, the project-team mode and these suggestions share), rebuilt
    only when the catalogue changed. `active_only=False` keeps the terms a coordinator
    retired, which analysts may still hold (the allocation)."""
    scorer = settings.AFFINITY_TEXT_SCORER
    data = catalogue_vocabulary()
    key = (scorer, active_only)
    hit = _built.get(key)
    if hit is None or hit[0] != data.stamp:
        entries = data.active() if active_only else data.entries
        terms = [
            Term(
                id=e.id,
                name=e.name,
                family=e.family,
                synonyms=e.aliases,
                description=e.descriptions.get("en", ""),
            )
            for e in entries
        ]
        hit = _built[key] = (data.stamp, Vocabulary(terms, scorer=scorer))
    return hit[1]


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
