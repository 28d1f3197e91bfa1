"""Affinity between a request and an analyst: a score in [0, 1] and why.

What a request asks for (`wanted`): its tags, its primary tool, and the terms
found in its free text. What an analyst knows (`knowledge`): their expertise
terms at their level, the terms these partly cover (synonyms and related
terms), and the terms found in their profile text. The score is the weighted
mean, over what the request asks for, of what the analyst knows of it, plus a
bonus for a shared language. Terms are found in free text by
`biafed.matching.engine.text` (phrases and synonyms, then BM25 over the
vocabulary's names and descriptions); the weights are all in the block below,
and docs/allocation.md ("Affinity") repeats them.

`affinity` scores one pair with its explanation; `affinity_matrix` scores every
pair of an instance at once with sparse matrices and gives exactly the same
numbers: both add up the same products in increasing term order.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.engine.messages import Message, gettext_noop, one, piece, render
from biafed.matching.engine.text import Vocabulary

# --- Weights: every number of the affinity, here and nowhere else ------------------------------
# What the request asks for, term by term:
TERM_WEIGHT = 1.0  # a term the request is tagged with
PRIMARY_TOOL_WEIGHT = 2.0  # its primary tool (counts even when not among its tags)
TEXT_WEIGHT = 0.5  # a term found in its free text (and not tagged), times the term's relevance
NEED_WEIGHT = 1.0  # a need read by the understanding pipeline (Request.needs), times its weight;
#   with needs, terms found in the text by BM25 alone are left out (the needs read it better)
# What the analyst knows of a term:
#   one of their expertise terms: LEVEL_WEIGHT[level];
LEVEL_WEIGHT = {"expert": 1.0, "advise": 0.6}
#   a term one of theirs partly covers: LEVEL_WEIGHT[level] x the share given in
#   data/synonyms.json "related" (e.g. Cellpose -> Segmentation 0.8; 1.0 when two term ids
#   name the same vocabulary entry, e.g. "Fiji" and "ImageJ");
PROFILE_TEXT_WEIGHT = 0.3  # a term found in their profile text, times the term's relevance
# The relevance of a term found in free text, in (0, 1]:
#   named by a phrase (its name, a synonym, an alias): the phrase's strength (1.0, less for
#   common words: data/synonyms.json);
#   related to a term named by a phrase: that strength x the "related" share;
#   found by the text scorer only (`Parameters.text_scorer`, engine/text.py), for the
#   FREE_TEXT_MAX_TERMS best such terms of the text:
#     bm25 (default): score / (score + BM25_HALF), when score >= BM25_MIN_SCORE;
#     embedding (optional extra): the cosine similarity of the text and the term's name and
#     description, when >= EMBEDDING_MIN_SIMILARITY.
FREE_TEXT_MAX_TERMS = 3
BM25_MIN_SCORE = 2.0
BM25_HALF = 3.0
EMBEDDING_MIN_SIMILARITY = 0.4
# Suggesting terms from a request's text (engine/suggest.py): a related term only from
SUGGEST_RELATED_MIN = 0.6  # relevance up
# The score: the weighted mean of what the analyst knows over what the request asks for,
# times (1 - LANGUAGE_BONUS), plus LANGUAGE_BONUS when they share the request's language.
LANGUAGE_BONUS = 0.1
# When the request has a main need (its strongest, Request.main_need), an analyst who knows
# it (their own expertise, at any level) gets MAIN_NEED_BONUS of the score, the rest scaled
# down: so that, when capacity is tight, each panel rather covers its request's main need.
MAIN_NEED_BONUS = 0.2
SCALE = 100  # the solver works on integer affinities: round(score * SCALE)
DECIMALS = 1000  # scores are rounded to 1/DECIMALS
# ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Affinity:
    score: float  # in [0, 1], rounded to 3 decimals
    why: str
    matched: tuple[tuple[int, str], ...] = ()  # (term, level) of their own expertise, experts first
    indirect: tuple[tuple[int, str], ...] = ()  # (term, how) known through another term or text
    # `why` as translatable pieces (engine/messages.py): rendered in the viewer's language.
    why_parts: Message = field(default=(), compare=False)

    @property
    def points(self) -> int:
        return points(self.score)


def points(score: float) -> int:
    """`score` as the integer the solver adds up."""
    return round(score * SCALE)


def vocabulary_of(instance: Instance) -> Vocabulary:
    """The vocabulary `instance` carries, else the one of its term names, with the text
    scorer of its parameters."""
    carried = instance.vocabulary
    if callable(carried):  # built when first needed (by the solver, not by whoever builds)
        carried = carried()
    if isinstance(carried, Vocabulary):
        return carried
    return Vocabulary.for_names(instance.term_names, scorer=instance.parameters.text_scorer)


# --- Free text -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A term found in free text."""

    relevance: float  # in (0, 1]
    how: str  # "phrase", "related" or "text" (BM25 only)
    via: str = ""  # the words of the text that name it, or the name of the term it is related to


def text_terms(text: str, vocabulary: Vocabulary) -> dict[int, Found]:
    """The terms found in `text`, in increasing term order."""
    if not text.strip():
        return {}
    return vocabulary.cached(("terms", text), lambda: _text_terms(text, vocabulary))


def _text_terms(text: str, vocabulary: Vocabulary) -> dict[int, Found]:
    found: dict[int, Found] = {}
    hits = vocabulary.phrases(text)
    for term, hit in hits.items():
        found[term] = Found(hit.strength, "phrase", hit.text)
    for term, hit in hits.items():
        for other, share in vocabulary.related(term):
            strength = hit.strength * share
            if other not in found or found[other].relevance < strength:
                found[other] = Found(strength, "related", vocabulary.name(term))
    if vocabulary.scorer == "embedding":
        scores = vocabulary.similarities(text)
        relevance = {t: min(1.0, s) for t, s in scores.items() if s >= EMBEDDING_MIN_SIMILARITY}
    else:
        scores = vocabulary.bm25(text)
        relevance = {t: s / (s + BM25_HALF) for t, s in scores.items() if s >= BM25_MIN_SCORE}
    ranked = sorted((t for t in relevance if t not in found), key=lambda t: (-scores[t], t))
    for term in ranked[:FREE_TEXT_MAX_TERMS]:
        found[term] = Found(relevance[term], "text")
    return dict(sorted(found.items()))


# --- Both sides -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    weights: dict[int, float]  # term -> weight, increasing term order
    how: dict[int, tuple[Any, ...]]  # term -> ("tag",) | ("primary",) | ("text", Found)


@dataclass(frozen=True)
class Known:
    weights: dict[int, float]  # term -> weight in (0, 1], increasing term order
    # term -> ("level", level) | ("related", term, level) | ("profile", Found)
    how: dict[int, tuple[Any, ...]]


def wanted(request: Request, vocabulary: Vocabulary) -> Wanted:
    """What `request` asks for."""
    key = ("wanted", request.terms, request.primary_tool, request.text, _needs_key(request))
    return vocabulary.cached(key, lambda: _wanted(request, vocabulary))


def _needs_key(request: Request) -> tuple[tuple[int, float], ...]:
    return tuple(sorted(request.needs.items()))


def _wanted(request: Request, vocabulary: Vocabulary) -> Wanted:
    weights: dict[int, float] = {}
    how: dict[int, tuple[Any, ...]] = {}
    for term, found in text_terms(request.text, vocabulary).items():
        if request.needs and found.how == "text":
            continue  # BM25 alone: the understanding's own reading replaces these guesses
        weights[term], how[term] = TEXT_WEIGHT * found.relevance, ("text", found)
    for term, weight in sorted(request.needs.items()):
        if NEED_WEIGHT * min(1.0, float(weight)) > weights.get(term, 0.0):
            weights[term] = NEED_WEIGHT * min(1.0, float(weight))
            how[term] = ("need", float(weight))
    for term in request.terms:
        weights[term], how[term] = TERM_WEIGHT, ("tag",)
    if request.primary_tool is not None:
        weights[request.primary_tool] = PRIMARY_TOOL_WEIGHT
        how[request.primary_tool] = ("primary",)
    order = sorted(weights)
    return Wanted({t: weights[t] for t in order}, {t: how[t] for t in order})


def knowledge(analyst: Analyst, vocabulary: Vocabulary) -> Known:
    """What `analyst` knows."""
    key = ("known", tuple(sorted(analyst.expertise.items())), analyst.text)
    return vocabulary.cached(key, lambda: _knowledge(analyst, vocabulary))


def _knowledge(analyst: Analyst, vocabulary: Vocabulary) -> Known:
    weights: dict[int, float] = {}
    how: dict[int, tuple[Any, ...]] = {}

    def offer(term: int, weight: float, source: tuple[Any, ...]) -> None:
        if weight > weights.get(term, 0.0):
            weights[term], how[term] = weight, source

    for term, found in text_terms(analyst.text, vocabulary).items():
        offer(term, PROFILE_TEXT_WEIGHT * found.relevance, ("profile", found))
    for term, level in sorted(analyst.expertise.items()):
        if level not in LEVEL_WEIGHT:
            continue
        for other, share in vocabulary.related(term):
            offer(other, LEVEL_WEIGHT[level] * share, ("related", term, level))
    for term, level in sorted(analyst.expertise.items()):
        if level in LEVEL_WEIGHT and LEVEL_WEIGHT[level] >= weights.get(term, 0.0):
            weights[term], how[term] = LEVEL_WEIGHT[level], ("level", level)
    order = sorted(weights)
    return Known({t: weights[t] for t in order}, {t: how[t] for t in order})


def _total(weights: dict[int, float]) -> float:
    total = 0.0
    for w in weights.values():
        total += w
    return total


def _final(base: float, language: bool, main: bool | None = None) -> float:
    """The rounded score from the weighted mean; mirrored element-wise in `affinity_matrix`.
    `main`: None when the request has no main need, else whether the analyst knows it."""
    keep = 1 - LANGUAGE_BONUS - (MAIN_NEED_BONUS if main is not None else 0.0)
    score = base * keep + (LANGUAGE_BONUS if language else 0.0)
    score = min(1.0, score + (MAIN_NEED_BONUS if main else 0.0))
    return round(score * DECIMALS) / DECIMALS


def knows_main_need(request: Request, analyst: Analyst) -> bool | None:
    if request.main_need is None:
        return None
    return analyst.expertise.get(request.main_need) in LEVEL_WEIGHT


# --- One pair ---------------------------------------------------------------------------------


def affinity(
    request: Request,
    analyst: Analyst,
    term_names: dict[int, str],
    *,
    vocabulary: Vocabulary | None = None,
) -> Affinity:
    """How well `analyst` fits `request`, with a one-line explanation."""
    vocabulary = vocabulary or Vocabulary.for_names(term_names)
    want = wanted(request, vocabulary)
    known = knowledge(analyst, vocabulary)
    total = _total(want.weights)
    dot = 0.0
    for term, w in want.weights.items():
        if term in known.weights:
            dot += w * known.weights[term]
    base = dot / total if total else 0.0
    language = bool(request.language) and request.language in analyst.languages
    score = _final(base, language, knows_main_need(request, analyst))
    why, matched, indirect, why_parts = _explain(
        request, want, known, language, term_names, vocabulary
    )
    return Affinity(score, why, matched, indirect, why_parts)


def _explain(
    request: Request,
    want: Wanted,
    known: Known,
    language: bool,
    term_names: dict[int, str],
    vocabulary: Vocabulary,
) -> tuple[str, tuple[tuple[int, str], ...], tuple[tuple[int, str], ...], Message]:
    def name(term: int) -> str:
        return term_names.get(term) or vocabulary.name(term)

    matched: list[tuple[int, str]] = []
    indirect: list[tuple[int, str]] = []
    parts: list[Message] = []
    text_parts: list[Message] = []
    shared = [t for t in want.weights if t in known.weights]
    for term in shared:
        source = known.how[term]
        if source[0] == "level":
            matched.append((term, source[1]))
        elif source[0] == "related":
            indirect.append((term, f"through {name(source[1])} ({source[2]})"))
        else:
            indirect.append((term, "profile text"))

    def order(term: int) -> tuple[bool, bool, bool, str]:
        source = known.how[term]
        return (
            source != ("level", "expert"),
            term != request.primary_tool,
            source[0] != "level",
            name(term).casefold(),
        )

    for term in sorted(shared, key=order):
        source, asked = known.how[term], want.how[term]
        expert = source == ("level", "expert")
        primary = term == request.primary_tool
        if expert and primary:
            label = one(gettext_noop("%(term)s (expert, primary tool)"), term=name(term))
        elif expert:
            label = one(gettext_noop("%(term)s (expert)"), term=name(term))
        elif primary:
            label = one(gettext_noop("%(term)s (primary tool)"), term=name(term))
        else:
            label = one("%(term)s", term=name(term))
        if asked[0] == "text" and asked[1].how == "phrase":
            if asked[1].via.casefold() != name(term).casefold():
                label = one(
                    gettext_noop("%(label)s via '%(words)s'"), label=[label], words=asked[1].via
                )
        elif asked[0] == "need" and request.need_words.get(term):
            label = one(
                gettext_noop("%(label)s, suggested by '%(words)s'"),
                label=[label],
                words=request.need_words[term],
            )
        elif asked[0] == "text" and asked[1].how == "related":
            label = one(gettext_noop("%(label)s via %(term)s"), label=[label], term=asked[1].via)
        if source[0] == "related":
            same = vocabulary.canonical.get(term) == vocabulary.canonical.get(source[1])
            msgid = {
                (True, True): gettext_noop("%(label)s (as %(term)s, expert)"),
                (True, False): gettext_noop("%(label)s (as %(term)s)"),
                (False, True): gettext_noop("%(label)s (through %(term)s, expert)"),
                (False, False): gettext_noop("%(label)s (through %(term)s)"),
            }[same, source[2] == "expert"]
            label = one(msgid, label=[label], term=name(source[1]))
        elif source[0] == "profile":
            label = one(gettext_noop("%(label)s (profile text)"), label=[label])
        if asked[0] == "text" and asked[1].how == "text":
            text_parts.append(label)
        else:
            parts.append(label)
    sections = []
    if parts and request.needs:  # needs read from the answers: say what the analyst knows
        sections.append(piece(gettext_noop("knows %(terms)s"), terms=parts))
    elif parts:
        sections.append(piece(gettext_noop("matched: %(terms)s"), terms=parts))
    if text_parts:
        sections.append(piece(gettext_noop("text: %(terms)s"), terms=text_parts))
    if not sections:
        sections.append(piece(gettext_noop("no expertise term matched")))
    if language:
        sections.append(piece(gettext_noop("speaks %(language)s"), language=request.language))
    matched.sort(key=lambda m: (m[1] != "expert", m[0] != request.primary_tool, name(m[0])))
    message = tuple(sections)
    return render(message), tuple(matched), tuple(indirect), message


def affinities(instance: Instance) -> dict[tuple[int, int], Affinity]:
    """Affinity of every (request id, analyst id) pair of `instance`."""
    vocabulary = vocabulary_of(instance)
    return {
        (r.id, a.id): affinity(r, a, instance.term_names, vocabulary=vocabulary)
        for r in instance.requests
        for a in instance.analysts
    }


# --- Every pair at once -----------------------------------------------------------------------


def _rows(dicts: list[dict[int, float]], columns: dict[int, int]) -> sparse.csr_matrix:
    """A CSR matrix with one row per dict, columns in increasing term order."""
    indptr = np.zeros(len(dicts) + 1, dtype=np.int64)
    indices: list[int] = []
    data: list[float] = []
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


def affinity_matrix(
    instance: Instance, *, chunk: int = 2048, vocabulary: Vocabulary | None = None
) -> np.ndarray:
    """Scores of every (request, analyst) pair, in instance order: float32 of shape (R, A).

    Entry [i, j] equals `affinity(instance.requests[i], instance.analysts[j], ...).score`
    exactly. Memory: the result (4 bytes a pair), the terms x analysts knowledge (8 bytes
    each) and a few arrays of `chunk` requests x analysts.
    """
    requests, analysts = instance.requests, instance.analysts
    out = np.zeros((len(requests), len(analysts)), dtype=np.float32)
    if not requests or not analysts:
        return out
    vocabulary = vocabulary or vocabulary_of(instance)
    vocabulary.prime([r.text for r in requests if r.text.strip()])  # embeddings: in batches
    vocabulary.prime([a.text for a in analysts if a.text.strip()])
    want = [wanted(r, vocabulary).weights for r in requests]
    know = [knowledge(a, vocabulary).weights for a in analysts]
    terms = sorted({t for d in want for t in d} | {t for d in know for t in d})
    columns = {t: i for i, t in enumerate(terms)}
    w = _rows(want, columns)
    # Dense terms x analysts: a CSR row times a dense matrix adds the products row entry by
    # row entry, in increasing term order, as `affinity` does (adding 0.0 changes nothing).
    k_t = _rows(know, columns).T.toarray()
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

    # The main need: which requests have one, and which analysts know it (as `_final`).
    has_main = np.array([r.main_need is not None for r in requests], dtype=bool)
    mains = sorted({r.main_need for r in requests if r.main_need is not None})
    main_row = {t: i + 1 for i, t in enumerate(mains)}  # row 0: no main need
    bonus = np.zeros((len(mains) + 1, len(analysts)), dtype=np.float64)
    for j, a in enumerate(analysts):
        for t, level in a.expertise.items():
            if t in main_row and level in LEVEL_WEIGHT:
                bonus[main_row[t], j] = MAIN_NEED_BONUS
    main_of = np.array(
        [0 if r.main_need is None else main_row[r.main_need] for r in requests], dtype=np.int64
    )
    keep = np.where(has_main, 1 - LANGUAGE_BONUS - MAIN_NEED_BONUS, 1 - LANGUAGE_BONUS - 0.0)[
        :, None
    ]
    for start in range(0, len(requests), chunk):
        stop = min(start + chunk, len(requests))
        dot = np.asarray(w[start:stop] @ k_t)
        total = totals[start:stop, None]
        base = np.divide(dot, total, out=np.zeros_like(dot), where=total != 0)
        score = base * keep[start:stop] + np.where(speaks[lang[start:stop]], LANGUAGE_BONUS, 0.0)
        score = score + bonus[main_of[start:stop]]
        np.minimum(score, 1.0, out=score)
        out[start:stop] = np.rint(score * DECIMALS) / DECIMALS
    return out
