"""Understanding requests on the Django side: the engine's `Understander` over the catalogue.

The catalogue's one vocabulary builder (`biafed.catalogue.selectors.vocabulary`) gives
plain entries; they become the engine's `Catalogue`, indexed once per catalogue
version (what a coordinator edits reaches the next request read). Knowledge-base
articles are found by the same retrieval: an article points to entries and EDAM
concepts, and an article is relevant when the request needs them.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from biafed.catalogue.models import Article
from biafed.catalogue.selectors import vocabulary
from biafed.matching.engine import Catalogue, Concept, Entry, Understander, Understanding

_latest: tuple[tuple, Understander] | None = None


def understander() -> Understander:
    """The engine's reader of requests over the current catalogue (rebuilt when it changed)."""
    global _latest
    data = vocabulary()
    if _latest is None or _latest[0] != data.stamp:
        slug_of = {e.id: e.slug for e in data.entries}
        entries = tuple(
            Entry(
                id=e.id,
                slug=e.slug or f"term-{e.id}",
                name=e.name,
                family=e.family,
                kind=e.kind,
                names=dict(e.names),
                aliases=e.aliases,
                features=dict(e.features),
                descriptions=dict(e.descriptions),
                operations=e.operations,
                topics=e.topics,
                parent=slug_of.get(e.parent) if e.parent else None,
                dimensions=e.dimensions,
                modalities=e.modalities,
                edam=e.edam,
            )
            for e in data.active()
        )
        concepts = tuple(
            Concept(
                edam_id=c.edam_id,
                kind=c.kind,
                labels={"en": c.label, **c.labels},
                synonyms=c.synonyms,
                words=dict(c.words),
                plain=dict(c.plain),
                parents=c.parents,
            )
            for c in data.concepts.values()
        )
        _latest = (data.stamp, Understander(Catalogue(entries, concepts)))
    return _latest[1]


def forget() -> None:
    global _latest
    _latest = None


def understand(
    answers: Sequence[tuple[str, str]],
    *,
    language: str | None = None,
    past: Iterable[tuple[str, float, Sequence[int]]] = (),
) -> Understanding:
    """What a request's answers (`(field, text)` pairs) need, best first; `past`: tools of
    similar past consultations (`similar.evidence_for`)."""
    return understander().understand(list(answers), language=language, past=past)


@dataclass(frozen=True)
class Found:
    article: Article
    score: float


def articles_for_needs(
    understanding: Understanding, articles: Iterable[Article], *, limit: int = 2
) -> list[Found]:
    """Knowledge-base articles about what the request needs (prefetch entries and concepts)."""
    weights = understanding.weights()
    reader = understander()
    method_of_concept = {e.edam: e.id for e in reader.entries.values() if e.edam}
    found = []
    for article in articles:
        related = {e.pk for e in article.entries.all()}
        related |= {
            method_of_concept[c.edam_id]
            for c in article.concepts.all()
            if c.edam_id in method_of_concept
        }
        score = max((weights.get(t, 0.0) for t in related), default=0.0)
        if score > 0:
            found.append(Found(article, score))
    found.sort(key=lambda f: (-f.score, f.article.slug))
    return found[:limit]
