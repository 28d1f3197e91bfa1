"""The expertise vocabulary as the engine sees it: names, synonyms, descriptions, relations.

A `Vocabulary` finds expertise terms in free text in two ways:

- *phrases*: a term's name, the vocabulary's synonyms, and the curated aliases
  and phrases of `data/synonyms.json` ("Fiji" and "ImageJ" for Fiji/ImageJ macro,
  "nuclei segmentation" for Segmentation...), compared after lower-casing and
  English stemming (PyStemmer's Snowball stemmer), the words of an alias in any
  order within a few words of each other;
- *BM25* (the `bm25s` library) of the text against one small document per term
  (name, synonyms, aliases and description), English stop words left out.

It also knows which terms are related ("knowing Cellpose is worth 0.8 of knowing
Segmentation", `related` in `data/synonyms.json`) and which term ids name the
same vocabulary entry (equivalent). It only finds and relates terms: how much
each way counts is decided in `biafed.matching.engine.affinity`, where all the
weights are.

`Vocabulary.for_names(term_names, scorer=...)` builds (and caches) the vocabulary
of an instance from its term names, completing each name it recognises with the
shipped vocabulary (`biafed/people/data/vocabulary.json`). The Django side can
build one from the database with `Vocabulary([Term(...), ...], scorer=...)`.
The scorer is always a parameter (`bm25` when not given); the Django side passes
the AFFINITY_TEXT_SCORER setting, the command line its `--text-scorer` option.
"""

import functools
import json
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, TypeVar

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_EN

from biafed.matching.engine import embedding
from biafed.matching.engine.instance import DEFAULT_TEXT_SCORER, TEXT_SCORERS

SCORERS = TEXT_SCORERS  # how free text is compared with the terms' documents
WINDOW = 2  # an alias of n words matches when they all occur within n + WINDOW words
MIN_ALIAS_CHARACTERS = 2  # shorter names ("R") are never looked for in free text
SHIPPED_VOCABULARY = "people/data/vocabulary.json"
CACHE_SIZE = 250_000  # results remembered per vocabulary (texts, requests, analysts)

T = TypeVar("T")

_WORD = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("english")
_STOP = frozenset(STOPWORDS_EN)


def words(text: str) -> list[str]:
    """The stemmed, lower-cased words of `text`, in order."""
    stemmed: list[str] = _stemmer.stemWords(_WORD.findall(text.casefold()))
    return stemmed


@dataclass(frozen=True)
class Term:
    id: int
    name: str
    family: str = ""  # tool, method, modality, domain
    synonyms: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Hit:
    """A term found in a text through a phrase."""

    term: int
    strength: float  # in (0, 1]: 1 for the name or a full synonym
    phrase: str  # the name, synonym or alias that was found, as written in the vocabulary
    text: str = ""  # the words of the text where it was found


@dataclass(frozen=True)
class _Alias:
    words: tuple[str, ...]
    term: int
    strength: float
    phrase: str


@dataclass
class _Shipped:
    """The shipped vocabulary and the curated synonyms, by lower-cased term name."""

    entries: dict[str, dict[str, Any]]  # name -> vocabulary.json entry
    aliases: dict[str, list[tuple[str, float]]]  # name -> curated (alias, strength)
    related: dict[str, list[tuple[str, float]]]  # name -> (related name, strength)
    phrases: dict[str, list[tuple[str, float]]]  # phrase -> (name, strength)
    ignore: frozenset[str]
    by_alias: dict[str, str] = field(default_factory=dict)  # any alias -> name


def _shipped_vocabulary_json() -> str:
    """The shipped vocabulary file (a data file of the people app, read without importing it)."""
    return resources.files("biafed").joinpath(SHIPPED_VOCABULARY).read_text("utf-8")


@cache
def shipped() -> _Shipped:
    vocabulary = json.loads(_shipped_vocabulary_json())
    curated = json.loads(
        resources.files("biafed.matching.engine").joinpath("data/synonyms.json").read_text("utf-8")
    )

    def pairs(items: Iterable[Any]) -> list[tuple[str, float]]:
        return [(i, 1.0) if isinstance(i, str) else (i[0], float(i[1])) for i in items]

    data = _Shipped(
        entries={e["name"].casefold(): e for e in vocabulary},
        aliases={k.casefold(): pairs(v) for k, v in curated["aliases"].items()},
        related={k.casefold(): pairs(v) for k, v in curated["related"].items()},
        phrases={k: pairs(v) for k, v in curated["phrases"].items()},
        ignore=frozenset(i.casefold() for i in curated["ignore"]),
    )
    for key, entry in data.entries.items():
        names = [*_parts(entry["name"]), *_split(entry.get("synonyms", ""))]
        names += [a for a, _ in data.aliases.get(key, [])]
        for n in names:
            data.by_alias.setdefault(n.casefold(), key)
    return data


def _split(synonyms: str) -> list[str]:
    return [s.strip() for s in synonyms.split(",") if s.strip()]


def _parts(name: str) -> list[str]:
    """A name and, for "Fiji/ImageJ macro", each side of the slash."""
    parts = [p.strip() for p in name.split("/") if p.strip()]
    return [name, *parts] if len(parts) > 1 else [name]


def _shipped_key(name: str) -> str | None:
    data = shipped()
    key = name.strip().casefold()
    if key in data.entries:
        return key
    return data.by_alias.get(key)


class Vocabulary:
    """Expertise terms with their synonyms, for finding them in free text."""

    def __init__(self, terms: Iterable[Term], *, scorer: str = DEFAULT_TEXT_SCORER):
        data = shipped()
        self.scorer = scorer
        if self.scorer not in SCORERS:
            raise ValueError(f"text scorer {self.scorer!r}: expected one of {', '.join(SCORERS)}")
        if self.scorer == "embedding":
            embedding.require()
        self._documents: list[str] = []
        self.terms: dict[int, Term] = {t.id: t for t in terms}
        self.canonical: dict[int, str | None] = {}
        aliases: list[_Alias] = []
        documents: list[list[str]] = []
        for t in self.terms.values():
            key = _shipped_key(t.name)
            self.canonical[t.id] = key
            entry = data.entries.get(key, {}) if key else {}
            own = [(p, 1.0) for p in _parts(t.name)] + [(s, 1.0) for s in t.synonyms]
            if key:
                own += [(p, 1.0) for p in _parts(entry["name"])]
                own += [(s, 1.0) for s in _split(entry.get("synonyms", ""))]
                own += data.aliases.get(key, [])
            seen: dict[str, float] = {}
            for phrase, strength in own:
                folded = phrase.casefold()
                if folded in data.ignore and folded != t.name.casefold():
                    continue
                if len(phrase.strip()) < MIN_ALIAS_CHARACTERS:
                    continue
                if seen.get(folded, 0.0) >= strength:
                    continue
                seen[folded] = strength
                aliases.append(_Alias(tuple(words(phrase)), t.id, strength, phrase))
            description = t.description or entry.get("description", "")
            names = list(dict.fromkeys(p for p, strength in own if strength >= 1.0))[:8]
            self._documents.append(f"{', '.join(names)}. {description}".strip())
            documents.append(
                [w for w in words(" ".join([*(p for p, _ in own), description])) if w not in _STOP]
            )
        by_key: dict[str, list[int]] = {}
        for term_id, key in self.canonical.items():
            if key:
                by_key.setdefault(key, []).append(term_id)
        for phrase, targets in data.phrases.items():
            for name, strength in targets:
                for term_id in by_key.get(name.casefold(), []):
                    aliases.append(_Alias(tuple(words(phrase)), term_id, strength, phrase))
        self._aliases_by_word: dict[str, list[_Alias]] = {}
        for a in aliases:
            if a.words:
                self._aliases_by_word.setdefault(a.words[0], []).append(a)
        self._related: dict[int, tuple[tuple[int, float], ...]] = {}
        for term_id, key in self.canonical.items():
            if not key:
                continue
            links: dict[int, float] = {}
            for other in by_key[key]:  # another id for the same entry: equivalent
                if other != term_id:
                    links[other] = 1.0
            for name, strength in data.related.get(key, []):
                for other in by_key.get(name.casefold(), []):
                    links[other] = max(links.get(other, 0.0), strength)
            if links:
                self._related[term_id] = tuple(sorted(links.items()))
        self._ids = list(self.terms)
        self._bm25 = None
        if any(documents):
            self._bm25 = bm25s.BM25()
            self._bm25.index([d or [""] for d in documents], show_progress=False)
        self._cache: dict[Hashable, Any] = {}
        self._embedded: np.ndarray | None = None  # term documents' embeddings, on first use

    # -- Construction --------------------------------------------------------------------------

    @classmethod
    def for_names(
        cls, term_names: dict[int, str], *, scorer: str = DEFAULT_TEXT_SCORER
    ) -> "Vocabulary":
        """The vocabulary of an instance's `term_names`, cached (same dict: no rebuilding)."""
        hit = _by_identity.get((id(term_names), scorer))
        if hit is not None and hit[0] is term_names and hit[1] == len(term_names):
            return hit[2]
        key = (scorer, tuple(sorted(term_names.items())))
        vocabulary = _by_names.get(key)
        if vocabulary is None:
            if len(_by_names) > 64:
                _by_names.clear()
            terms = [Term(i, n) for i, n in key[1]]
            vocabulary = _by_names[key] = cls(terms, scorer=scorer)
        if len(_by_identity) > 64:
            _by_identity.clear()
        _by_identity[(id(term_names), scorer)] = (term_names, len(term_names), vocabulary)
        return vocabulary

    @classmethod
    def shipped(cls, *, scorer: str = DEFAULT_TEXT_SCORER) -> "Vocabulary":
        """The shipped vocabulary, its terms numbered 1.. in file order (for tests and tools)."""
        return _shipped_vocabulary(scorer)

    # -- Queries -------------------------------------------------------------------------------

    def name(self, term: int) -> str:
        t = self.terms.get(term)
        return t.name if t else f"term {term}"

    def related(self, term: int) -> tuple[tuple[int, float], ...]:
        """Terms that knowing `term` partly covers, with the share (1.0: the same entry)."""
        return self._related.get(term, ())

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()` remembered under `key` (texts are seen again and again)."""
        value: T
        try:
            value = self._cache[key]
        except KeyError:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            value = self._cache[key] = compute()
        return value

    def phrases(self, text: str) -> dict[int, Hit]:
        """Terms named in `text` by a phrase, with the strongest phrase found for each."""
        return self.cached(("phrases", text), lambda: self._phrases(text))

    def _phrases(self, text: str) -> dict[int, Hit]:
        spans = [m.span() for m in _WORD.finditer(text)]
        found = _stemmer.stemWords([text[a:b].casefold() for a, b in spans])
        if not found:
            return {}
        positions: dict[str, list[int]] = {}
        for i, w in enumerate(found):
            positions.setdefault(w, []).append(i)
        best: dict[int, tuple[float, int, Hit]] = {}
        for first in positions:
            for alias in self._aliases_by_word.get(first, ()):
                current = best.get(alias.term)
                if current is not None and current[:2] >= (alias.strength, len(alias.words)):
                    continue  # keep the strongest, then the most specific phrase
                where = _occurs(alias.words, positions)
                if where is not None:
                    literal = text[spans[where[0]][0] : spans[where[1]][1]]
                    hit = Hit(alias.term, alias.strength, alias.phrase, literal)
                    best[alias.term] = (alias.strength, len(alias.words), hit)
        return {term: best[term][2] for term in sorted(best)}

    def bm25(self, text: str) -> dict[int, float]:
        """BM25 score of each term's document against `text`, for the terms it shares words with."""
        return self.cached(("bm25", text), lambda: self._bm25_scores(text))

    def _bm25_scores(self, text: str) -> dict[int, float]:
        if self._bm25 is None:
            return {}
        vocab = self._bm25.vocab_dict
        query = [w for w in words(text) if w not in _STOP and w in vocab]
        if not query:
            return {}
        scores = np.asarray(self._bm25.get_scores(query), dtype=np.float64)
        return {self._ids[i]: float(scores[i]) for i in np.flatnonzero(scores > 0)}

    # -- Sentence embeddings (optional) ---------------------------------------------------------

    def similarities(self, text: str) -> dict[int, float]:
        """Cosine similarity of `text` to each term's document, with the embedding scorer."""
        key = ("embedding", text)
        if key not in self._cache:
            self.prime([text])
        similarities: dict[int, float] = self._cache[key]
        return similarities

    def prime(self, texts: Iterable[str]) -> None:
        """Embed the texts not seen yet, in batches (the embedding scorer only)."""
        if self.scorer != "embedding":
            return
        new = list(dict.fromkeys(t for t in texts if ("embedding", t) not in self._cache))
        if not new:
            return
        if self._embedded is None:
            self._embedded = embedding.encode(self._documents)
        vectors = embedding.encode(new)
        for text, row in zip(new, (vectors @ self._embedded.T).astype(np.float64), strict=True):
            scores = dict(zip(self._ids, map(float, row), strict=True))
            self.cached(("embedding", text), functools.partial(dict, scores))


def _occurs(alias: tuple[str, ...], positions: dict[str, list[int]]) -> tuple[int, int] | None:
    """Where the words of `alias` all occur within len(alias) + WINDOW words of its first word:
    the first and last word positions, or None."""
    others = alias[1:]
    if not all(w in positions for w in others):
        return None
    span = len(alias) + WINDOW
    for start in positions[alias[0]]:
        near = []
        for w in others:
            p = next((p for p in positions[w] if abs(p - start) <= span), None)
            if p is None:
                break  # this word is too far from this start
            near.append(p)
        else:
            return min([start, *near]), max([start, *near])
    return None


_by_identity: dict[tuple[int, str], tuple[dict[int, str], int, Vocabulary]] = {}
_by_names: dict[tuple[str, tuple[tuple[int, str], ...]], Vocabulary] = {}


@cache
def _shipped_vocabulary(scorer: str) -> Vocabulary:
    entries = json.loads(_shipped_vocabulary_json())
    terms = [
        Term(
            id=i,
            name=e["name"],
            family=e["family"],
            synonyms=tuple(_split(e.get("synonyms", ""))),
            description=e.get("description", ""),
        )
        for i, e in enumerate(entries, start=1)
    ]
    return Vocabulary(terms, scorer=scorer)
