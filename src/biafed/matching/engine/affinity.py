"""Affinity between a request and an analyst: a score in [0, 1] and why.

The weights live here and only here (docs/allocation.md repeats them):

- each of the request's terms counts once, its primary tool `PRIMARY_TOOL_WEIGHT`
  times (the primary tool counts even when it is not among `terms`);
- a term the analyst knows scores its level weight, `LEVEL_WEIGHT` of the ranker
  (expert 1.0, advise 0.6), a term they do not know 0;
- the score is the weighted mean of these, times (1 - `LANGUAGE_BONUS`), plus
  `LANGUAGE_BONUS` when the analyst speaks the request's language.

Synonyms and free-text matching come later, behind the same function.
"""

from dataclasses import dataclass

from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.ranker import LEVEL_WEIGHT

LANGUAGE_BONUS = 0.1
PRIMARY_TOOL_WEIGHT = 2.0
SCALE = 100  # the solver works on integer affinities: round(score * SCALE)


@dataclass(frozen=True)
class Affinity:
    score: float  # in [0, 1], rounded to 3 decimals
    why: str
    matched: tuple[tuple[int, str], ...] = ()  # (term, level), experts first

    @property
    def points(self) -> int:
        return points(self.score)


def points(score: float) -> int:
    """`score` as the integer the solver adds up."""
    return round(score * SCALE)


def affinity(request: Request, analyst: Analyst, term_names: dict[int, str]) -> Affinity:
    """How well `analyst` fits `request`, with a one-line explanation."""
    weights = {term: 1.0 for term in request.terms}
    if request.primary_tool is not None:
        weights[request.primary_tool] = PRIMARY_TOOL_WEIGHT
    matched = [
        (t, analyst.expertise[t]) for t in weights if analyst.expertise.get(t) in LEVEL_WEIGHT
    ]
    total = sum(weights.values())
    base = sum(weights[t] * LEVEL_WEIGHT[level] for t, level in matched) / total if total else 0.0
    language = bool(request.language) and request.language in analyst.languages
    score = min(1.0, base * (1 - LANGUAGE_BONUS) + (LANGUAGE_BONUS if language else 0.0))

    def name(term: int) -> str:
        return term_names.get(term, f"term {term}")

    matched.sort(key=lambda m: (m[1] != "expert", m[0] != request.primary_tool, name(m[0])))
    parts = []
    for term, level in matched:
        notes = [
            n
            for n, on in (
                ("expert", level == "expert"),
                ("primary tool", term == request.primary_tool),
            )
            if on
        ]
        parts.append(name(term) + (f" ({', '.join(notes)})" if notes else ""))
    why = ("matched: " + ", ".join(parts)) if parts else "no expertise term matched"
    if language:
        why += f"; speaks {request.language}"
    return Affinity(round(score, 3), why, tuple(matched))


def affinities(instance: Instance) -> dict[tuple[int, int], Affinity]:
    """Affinity of every (request id, analyst id) pair of `instance`."""
    return {
        (r.id, a.id): affinity(r, a, instance.term_names)
        for r in instance.requests
        for a in instance.analysts
    }
