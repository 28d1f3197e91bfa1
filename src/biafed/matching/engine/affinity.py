"""Affinity between a request and an analyst: a score in [0, 1] and why.

The weights live here and only here (docs/allocation.md repeats them):

- each of the request's terms counts once, its primary tool `PRIMARY_TOOL_WEIGHT`
  times (the primary tool counts even when it is not among `terms`);
- a term the analyst knows scores its level weight, `LEVEL_WEIGHT` of the ranker
  (expert 1.0, advise 0.6), a term they do not know 0;
- the score is the weighted mean of these, times (1 - `LANGUAGE_BONUS`), plus
  `LANGUAGE_BONUS` when the analyst speaks the request's language.

`affinity` scores one pair with its explanation; `affinity_matrix` scores every
pair of an instance at once with sparse matrices and gives exactly the same
numbers. Both go through `wanted` (what a request asks for, term -> weight) and
`knowledge` (what an analyst knows, term -> weight), and add up the products in
increasing term order, so that the floating-point sums are the same.

Synonyms and free-text matching come later, behind the same functions.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.ranker import LEVEL_WEIGHT

LANGUAGE_BONUS = 0.1
PRIMARY_TOOL_WEIGHT = 2.0
SCALE = 100  # the solver works on integer affinities: round(score * SCALE)
DECIMALS = 1000  # scores are rounded to 1/DECIMALS


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


def wanted(request: Request) -> dict[int, float]:
    """What `request` asks for: term -> weight, in increasing term order."""
    weights = {term: 1.0 for term in request.terms}
    if request.primary_tool is not None:
        weights[request.primary_tool] = PRIMARY_TOOL_WEIGHT
    return dict(sorted(weights.items()))


def knowledge(analyst: Analyst) -> dict[int, float]:
    """What `analyst` knows: term -> weight in (0, 1], in increasing term order."""
    return {
        term: LEVEL_WEIGHT[level]
        for term, level in sorted(analyst.expertise.items())
        if level in LEVEL_WEIGHT
    }


def _total(weights: dict[int, float]) -> float:
    total = 0.0
    for w in weights.values():
        total += w
    return total


def _final(base: float, language: bool) -> float:
    """The rounded score from the weighted mean; mirrored element-wise in `affinity_matrix`."""
    score = min(1.0, base * (1 - LANGUAGE_BONUS) + (LANGUAGE_BONUS if language else 0.0))
    return round(score * DECIMALS) / DECIMALS


def affinity(request: Request, analyst: Analyst, term_names: dict[int, str]) -> Affinity:
    """How well `analyst` fits `request`, with a one-line explanation."""
    weights = wanted(request)
    known = knowledge(analyst)
    total = _total(weights)
    dot = 0.0
    for term, w in weights.items():
        if term in known:
            dot += w * known[term]
    base = dot / total if total else 0.0
    language = bool(request.language) and request.language in analyst.languages
    score = _final(base, language)

    def name(term: int) -> str:
        return term_names.get(term, f"term {term}")

    matched = [(t, analyst.expertise[t]) for t in weights if t in known]
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
    return Affinity(score, why, tuple(matched))


def affinities(instance: Instance) -> dict[tuple[int, int], Affinity]:
    """Affinity of every (request id, analyst id) pair of `instance`."""
    return {
        (r.id, a.id): affinity(r, a, instance.term_names)
        for r in instance.requests
        for a in instance.analysts
    }


# --- Every pair at once -----------------------------------------------------------------------


def _rows(dicts: list[dict[int, float]], columns: dict[int, int]) -> sparse.csr_matrix:
    """A CSR matrix with one row per dict, columns in increasing term order."""
    indptr = np.zeros(len(dicts) + 1, dtype=np.int64)
    indices, data = [], []
    for i, d in enumerate(dicts):
        indices.extend(columns[t] for t in d)
        data.extend(d.values())
        indptr[i + 1] = len(indices)
    m = sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(dicts), len(columns)),
    )
    m.sort_indices()
    return m


def affinity_matrix(instance: Instance, *, chunk: int = 2048) -> np.ndarray:
    """Scores of every (request, analyst) pair, in instance order: float32 of shape (R, A).

    Entry [i, j] equals `affinity(instance.requests[i], instance.analysts[j], ...).score`
    exactly. Memory: the result (4 bytes a pair) plus one chunk of `chunk` requests.
    """
    requests, analysts = instance.requests, instance.analysts
    out = np.zeros((len(requests), len(analysts)), dtype=np.float32)
    if not requests or not analysts:
        return out
    want = [wanted(r) for r in requests]
    know = [knowledge(a) for a in analysts]
    terms = sorted({t for d in want for t in d} | {t for d in know for t in d})
    columns = {t: i for i, t in enumerate(terms)}
    w = _rows(want, columns)
    k_t = _rows(know, columns).T.tocsr()  # terms x analysts
    k_t.sort_indices()
    totals = np.array([_total(d) for d in want], dtype=np.float64)

    # Shared language: requests' language index against analysts' languages.
    codes = sorted({r.language for r in requests if r.language})
    code_index = {c: i for i, c in enumerate(codes)}
    speaks = np.zeros((len(codes) + 1, len(analysts)), dtype=bool)  # last row: no language
    for j, a in enumerate(analysts):
        for c in a.languages:
            if c in code_index:
                speaks[code_index[c], j] = True
    lang = np.array([code_index.get(r.language, len(codes)) for r in requests], dtype=np.int64)

    keep = 1 - LANGUAGE_BONUS
    for start in range(0, len(requests), chunk):
        stop = min(start + chunk, len(requests))
        dot = (w[start:stop] @ k_t).toarray()
        total = totals[start:stop, None]
        base = np.divide(dot, total, out=np.zeros_like(dot), where=total != 0)
        score = base * keep + np.where(speaks[lang[start:stop]], LANGUAGE_BONUS, 0.0)
        np.minimum(score, 1.0, out=score)
        out[start:stop] = np.rint(score * DECIMALS) / DECIMALS
    return out
