"""Read-only views of the catalogue shared by pages, the matching service and other apps.

`vocabulary()` is THE builder of the expertise vocabulary: the day's allocation, the
project-team mode and the booking form's suggestions all read it (through
`biafed.matching.services.suggestions.vocabulary`), so what a coordinator edits in the
site reaches all three. It returns plain data (no model instances), rebuilt only when
the catalogue changed (`stamp()`: one small query).
"""

import time
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, QuerySet

from biafed.catalogue.models import Article, CatalogueEntry, EdamConcept
from biafed.people.models import ExpertiseTerm


@dataclass(frozen=True)
class Concept:
    """An EDAM-Bioimaging concept as plain data."""

    edam_id: str
    kind: str
    label: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label (ours)
    synonyms: tuple[str, ...] = ()  # EDAM's, English
    plain: dict[str, str] = field(default_factory=dict)  # language -> plain description
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> words
    parents: tuple[str, ...] = ()  # edam ids


@dataclass(frozen=True)
class VocabularyEntry:
    """One expertise term with everything the catalogue knows about it, as plain data."""

    id: int  # the ExpertiseTerm's id (what profiles, bookings and the engine use)
    family: str  # tool, method, modality, domain
    kind: str  # EntryKind
    slug: str
    name: str  # the term's name (English, as stored)
    names: dict[str, str]  # language -> name (en always present)
    aliases: tuple[str, ...]  # the term's synonyms
    descriptions: dict[str, str]  # language -> description (en falls back to the term's)
    features: dict[str, tuple[str, ...]]  # language -> words people use
    operations: tuple[str, ...] = ()  # EDAM operation ids it performs
    topics: tuple[str, ...] = ()  # EDAM topic ids
    edam: str = ""  # for a method: the EDAM operation it is
    parent: int | None = None  # host application's term id (plugins)
    platforms: tuple[str, ...] = ()
    licence: str = ""
    dimensions: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class CatalogueData:
    entries: tuple[VocabularyEntry, ...]
    concepts: dict[str, Concept]
    stamp: tuple

    def active(self) -> tuple[VocabularyEntry, ...]:
        return tuple(e for e in self.entries if e.active)


def stamp() -> tuple:
    """Changes whenever an entry, a term, or a concept changes (saving a term touches its
    entry: `services.entries.term_saved`)."""
    entries = CatalogueEntry.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    terms = ExpertiseTerm.objects.aggregate(n=Count("pk"), top=Max("pk"))
    concepts = EdamConcept.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (
        entries["n"],
        _iso(entries["at"]),
        terms["n"],
        terms["top"],
        concepts["n"],
        _iso(concepts["at"]),
    )


def _iso(at: datetime | None) -> str:
    return at.isoformat() if at else ""


_latest: CatalogueData | None = None


def vocabulary() -> CatalogueData:
    """Every term with its catalogue entry, as plain data; rebuilt when `stamp()` changed."""
    global _latest
    current = stamp()
    if _latest is None or _latest.stamp != current:
        _latest = _build(current)
    return _latest


def forget() -> None:
    """Drop what this process remembers (after an edit, and between tests)."""
    global _latest, _names, _folded
    _latest = None
    _names = None
    _folded = None


def _build(current: tuple) -> CatalogueData:
    concepts = {
        c.edam_id: c
        for c in EdamConcept.objects.prefetch_related("parents").only(
            "edam_id", "kind", "label", "labels", "synonyms", "plain", "words"
        )
    }
    edam_of = {c.pk: c.edam_id for c in concepts.values()}
    operations: dict[int, list[str]] = {}
    for entry_id, concept_id in CatalogueEntry.operations.through.objects.values_list(
        "catalogueentry_id", "edamconcept_id"
    ):
        operations.setdefault(entry_id, []).append(edam_of[concept_id])
    topics: dict[int, list[str]] = {}
    for entry_id, concept_id in CatalogueEntry.topics.through.objects.values_list(
        "catalogueentry_id", "edamconcept_id"
    ):
        topics.setdefault(entry_id, []).append(edam_of[concept_id])
    entries = []
    for term in ExpertiseTerm.objects.select_related("catalogue").order_by("pk"):
        entry: CatalogueEntry | None = getattr(term, "catalogue", None)
        entries.append(_entry(term, entry, operations, topics, edam_of))
    return CatalogueData(
        entries=tuple(entries),
        concepts={
            k: Concept(
                edam_id=c.edam_id,
                kind=c.kind,
                label=c.label,
                labels=dict(c.labels or {}),
                synonyms=tuple(c.synonyms or ()),
                plain=dict(c.plain or {}),
                words={lang: tuple(w) for lang, w in (c.words or {}).items()},
                parents=tuple(sorted(p.edam_id for p in c.parents.all())),
            )
            for k, c in concepts.items()
        },
        stamp=current,
    )


def _entry(
    term: ExpertiseTerm,
    entry: CatalogueEntry | None,
    operations: dict[int, list[str]],
    topics: dict[int, list[str]],
    edam_of: dict[int, str],
) -> VocabularyEntry:
    names = {"en": term.name}
    descriptions = {"en": term.description}
    if entry is None:
        return VocabularyEntry(
            id=term.pk,
            family=term.family,
            kind=term.family,
            slug="",
            name=term.name,
            names=names,
            aliases=tuple(term.synonym_list),
            descriptions=descriptions,
            features={},
            active=term.is_active,
        )
    names.update({k: v for k, v in (entry.names or {}).items() if v and k != "en"})
    descriptions.update({k: v for k, v in (entry.descriptions or {}).items() if v})
    return VocabularyEntry(
        id=term.pk,
        family=term.family,
        kind=entry.kind,
        slug=entry.slug,
        name=term.name,
        names=names,
        aliases=tuple(term.synonym_list),
        descriptions=descriptions,
        features={k: tuple(v) for k, v in (entry.features or {}).items() if v},
        operations=tuple(sorted(operations.get(term.pk, ()))),
        topics=tuple(sorted(topics.get(term.pk, ()))),
        edam=edam_of.get(entry.edam_id, "") if entry.edam_id else "",
        parent=entry.parent_id,
        platforms=tuple(entry.platforms or ()),
        licence=entry.licence,
        dimensions=tuple(entry.dimensions or ()),
        modalities=tuple(entry.modalities or ()),
        active=term.is_active,
    )


# --- Names in the viewer's language ------------------------------------------------------------

VERSION_KEY = "biafed.catalogue.version"
"""A token in the shared cache (files or Redis: every process of the site sees it) that
changes with the catalogue (`changed()`)."""
CHECK_EVERY_S = 1.0
"""How often a process looks at that token: names are read once per term shown, and the
look costs no SQL query, so pages keep a fixed number of queries."""

_names: tuple[float, str, dict[str, dict[str, str]]] | None = None


def changed() -> None:
    """After any change of the catalogue: this process forgets what it keeps at once, every
    process reloads its names once the change is committed (not before: it would keep the
    old names under the new token)."""
    forget()

    def announce() -> None:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
        forget()

    transaction.on_commit(announce)


def _shared_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY, "")
    return str(version)


def term_names_by_language() -> dict[str, dict[str, str]]:
    """{term name: {language: name}} for the terms the catalogue translates."""
    global _names
    now = time.monotonic()
    if _names is not None and now - _names[0] < CHECK_EVERY_S:
        return _names[2]
    version = _shared_version()
    if _names is not None and _names[1] == version:
        _names = (now, version, _names[2])
        return _names[2]
    names: dict[str, dict[str, str]] = {}
    for name, by_language in CatalogueEntry.objects.values_list("term__name", "names"):
        wanted = {k: v for k, v in (by_language or {}).items() if v}
        if wanted:
            names[name] = wanted
    _names = (now, version, names)
    return names


def _names_stamp() -> tuple:
    at = CatalogueEntry.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (at["n"], _iso(at["at"]))


# --- Pages -------------------------------------------------------------------------------------


def search_entries(
    *, query: str = "", kind: str = "", platform: str = "", licence: str = "", operation: str = ""
) -> QuerySet[CatalogueEntry]:
    """Entries matching a name, alias, feature or description word in any language, and the
    filters; active terms only."""
    entries = CatalogueEntry.objects.filter(term__is_active=True).select_related("term")
    if kind:
        entries = entries.filter(kind=kind)
    if licence:
        entries = entries.filter(licence=licence)
    if operation:
        entries = entries.filter(operations__edam_id=operation)
    if platform:
        ids = [pk for pk, p in entries.values_list("pk", "platforms") if platform in (p or ())]
        entries = entries.filter(pk__in=ids)
    if query:
        entries = entries.filter(pk__in=_matching_ids(query))
    return entries.order_by("term__name").distinct()


def _matching_ids(query: str) -> list[int]:
    """Entries whose name, alias, names, features or descriptions contain `query`, compared
    without case and accents (a few hundred rows, folded once per catalogue change)."""
    wanted = _fold(query)
    return [pk for pk, haystack in _haystacks() if wanted in haystack]


_folded: tuple[tuple, list[tuple[int, str]]] | None = None


def _haystacks() -> list[tuple[int, str]]:
    global _folded
    current = _names_stamp()
    if _folded is not None and _folded[0] == current:
        return _folded[1]
    rows = CatalogueEntry.objects.values_list(
        "pk", "term__name", "term__synonyms", "names", "features", "descriptions"
    )
    haystacks = [
        (
            pk,
            _fold(
                " | ".join(
                    [
                        name,
                        synonyms,
                        *(names or {}).values(),
                        *(w for words in (features or {}).values() for w in words),
                        *(descriptions or {}).values(),
                    ]
                )
            ),
        )
        for pk, name, synonyms, names, features, descriptions in rows
    ]
    _folded = (current, haystacks)
    return haystacks


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def operations_in_use() -> QuerySet[EdamConcept]:
    """EDAM operations some active entry performs (the catalogue's filter)."""
    return (
        EdamConcept.objects.filter(performed_by__term__is_active=True).distinct().order_by("label")
    )


# --- Knowledge base ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleData:
    """A published article as plain data (for retrieval: the booking form's assistant)."""

    id: int
    slug: str
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    entries: tuple[int, ...]  # term ids
    concepts: tuple[str, ...]  # edam ids


def knowledge_base() -> tuple[ArticleData, ...]:
    """The published articles, with their entries and EDAM concepts (three queries)."""
    articles = Article.objects.filter(published=True).prefetch_related("entries", "concepts")
    return tuple(
        ArticleData(
            id=a.pk,
            slug=a.slug,
            title=dict(a.title or {}),
            summary=dict(a.summary or {}),
            body=dict(a.body or {}),
            entries=tuple(sorted(e.pk for e in a.entries.all())),
            concepts=tuple(sorted(c.edam_id for c in a.concepts.all())),
        )
        for a in articles.order_by("slug")
    )
