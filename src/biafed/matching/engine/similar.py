"""Similar past consultations: past requests close to a new one, by the words they share.

`CaseIndex(cases)` indexes past requests (an id, their text, the tools the panel
recorded); `similar(text)` gives the closest ones with a similarity in (0, 1).
Each case is stemmed in its own language and the query in its own; a case must
share at least `MIN_MATCHED` distinct words with the query. The tools of similar
cases become evidence for the new request (`Understander.understand(past=...)`).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from biafed.matching.engine import languages
from biafed.matching.engine.retrieval import BM25

MIN_MATCHED = 3
HALF = 8.0  # a BM25 score of HALF is a similarity of 0.5
MIN_SIMILARITY = 0.3


@dataclass(frozen=True)
class Case:
    id: str  # "booking:12", "project:3"
    text: str
    tools: tuple[int, ...] = ()


@dataclass(frozen=True)
class Similar:
    case: Case
    similarity: float
    words: tuple[str, ...]  # the shared stems


def _document(text: str, language: str) -> list[str]:
    stop = languages.stopwords(language)
    folded = [w for w in languages.tokens(text) if w not in stop and len(w) > 2]
    return languages.stem_all(folded, language)


class CaseIndex:
    def __init__(self, cases: Iterable[Case]):
        self.cases = {c.id: c for c in cases}
        self._bm25: BM25[str] = BM25(
            (c.id, _document(c.text, languages.detect(c.text))) for c in self.cases.values()
        )

    def similar(self, text: str, *, limit: int = 5, exclude: Sequence[str] = ()) -> list[Similar]:
        if not self.cases or not text.strip():
            return []
        query = _document(text, languages.detect(text))
        out = []
        for r in self._bm25.search(query):
            if r.key in exclude or len(r.matched) < MIN_MATCHED:
                continue
            similarity = r.score / (r.score + HALF)
            if similarity >= MIN_SIMILARITY:
                out.append(Similar(self.cases[r.key], round(similarity, 3), r.matched))
            if len(out) >= limit:
                break
        return out

    def evidence(self, found: Iterable[Similar]) -> list[tuple[str, float, tuple[int, ...]]]:
        """`past=` for `Understander.understand`."""
        return [(s.case.id, s.similarity, s.case.tools) for s in found if s.case.tools]
