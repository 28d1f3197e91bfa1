"""Two plain retrieval tools the understanding pipeline is made of, for any language.

- `PhraseIndex`: phrases (names, aliases, feature words), each pointing to keys with a
  strength, found in a text when all their (stemmed) words occur close together;
- `BM25`: Okapi BM25 over small stemmed documents, which also says *which* words of
  the query matched each document (the evidence shown to people, and the guard
  against stem collisions: a document matched by a single word is not enough).
"""

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
WINDOW = 2  # a phrase of n words matches when they all occur within n + WINDOW words


@dataclass(frozen=True)
class PhraseHit(Generic[K]):
    key: K
    strength: float
    phrase: str  # as written in the catalogue
    words: str  # the words of the text where it was found
    start: int  # word position in the text (which answer it came from)


class PhraseIndex(Generic[K]):
    """Phrases of stemmed words, each naming a key with a strength."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], K, float, str]]] = {}

    def add(self, words: Sequence[str], key: K, strength: float, phrase: str) -> None:
        if words:
            self._by_first.setdefault(words[0], []).append((tuple(words), key, strength, phrase))

    def find(self, stems: Sequence[str], literal: Sequence[str]) -> dict[K, PhraseHit[K]]:
        """The strongest (then longest) phrase found for each key; `literal` are the
        text's words as written, in the same positions as `stems`."""
        positions: dict[str, list[int]] = {}
        for i, w in enumerate(stems):
            positions.setdefault(w, []).append(i)
        best: dict[K, tuple[float, int, PhraseHit[K]]] = {}
        for first in positions:
            for words, key, strength, phrase in self._by_first.get(first, ()):
                current = best.get(key)
                if current is not None and current[:2] >= (strength, len(words)):
                    continue
                where = _occurs(words, positions)
                if where is not None:
                    text = " ".join(literal[where[0] : where[1] + 1])
                    best[key] = (
                        strength,
                        len(words),
                        PhraseHit(key, strength, phrase, text, where[0]),
                    )
        return {key: hit for key, (_s, _n, hit) in best.items()}


def _occurs(words: tuple[str, ...], positions: dict[str, list[int]]) -> tuple[int, int] | None:
    others = words[1:]
    if not all(w in positions for w in others):
        return None
    span = len(words) + WINDOW
    for start in positions[words[0]]:
        near = []
        for w in others:
            p = next((p for p in positions[w] if abs(p - start) <= span), None)
            if p is None:
                break
            near.append(p)
        else:
            return min([start, *near]), max([start, *near])
    return None


@dataclass(frozen=True)
class Scored(Generic[K]):
    key: K
    score: float
    matched: tuple[str, ...]  # the distinct query stems found in the document


class BM25(Generic[K]):
    """Okapi BM25 over stemmed documents, with the matched words of each result."""

    K1 = 1.2
    B = 0.2  # little length normalisation: the main tools have the longest descriptions

    def __init__(self, documents: Iterable[tuple[K, Sequence[str]]]):
        self.keys: list[K] = []
        self._postings: dict[str, list[tuple[int, int]]] = {}
        lengths: list[int] = []
        for key, words in documents:
            index = len(self.keys)
            self.keys.append(key)
            lengths.append(len(words))
            counts: dict[str, int] = {}
            for w in words:
                counts[w] = counts.get(w, 0) + 1
            for w, n in counts.items():
                self._postings.setdefault(w, []).append((index, n))
        self._lengths = lengths
        self._average = (sum(lengths) / len(lengths)) if lengths else 1.0
        n = len(self.keys)
        self._idf = {
            w: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for w, p in self._postings.items()
        }

    def __contains__(self, word: str) -> bool:
        return word in self._postings

    def idf(self, word: str) -> float:
        return self._idf.get(word, 0.0)

    def search(self, query: Iterable[str]) -> list[Scored[K]]:
        """Documents sharing a word with `query` (each query word counted once), best first."""
        scores: dict[int, float] = {}
        matched: dict[int, list[str]] = {}
        for w in dict.fromkeys(query):
            postings = self._postings.get(w)
            if not postings:
                continue
            idf = self._idf[w]
            for index, tf in postings:
                norm = self.K1 * (1 - self.B + self.B * self._lengths[index] / self._average)
                scores[index] = scores.get(index, 0.0) + idf * tf * (self.K1 + 1) / (tf + norm)
                matched.setdefault(index, []).append(w)
        ranked = sorted(scores, key=lambda i: (-scores[i], i))
        return [Scored(self.keys[i], scores[i], tuple(matched[i])) for i in ranked]
