"""The catalogue as the engine reads it: plain entries and EDAM concepts, no database.

The Django side builds these from the `catalogue` app (one vocabulary for the
allocation, the project-team mode and the form); the benchmark and the tests
build them from the shipped data files (`load_files`). An entry is a tool, a
method (grounded in an EDAM operation), a modality or a domain; its words come
per language ("en", "fr", "es", "pt").
"""

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, eq=False)
class Entry:
    id: int  # the expertise term id
    slug: str
    name: str  # English name
    family: str = "tool"  # tool, method, modality, domain
    kind: str = ""  # application, plugin, library, model, workflow, service, method, ...
    names: dict[str, str] = field(default_factory=dict)  # language -> name
    aliases: tuple[str, ...] = ()
    features: dict[str, tuple[str, ...]] = field(default_factory=dict)  # language -> words
    descriptions: dict[str, str] = field(default_factory=dict)  # language -> description
    operations: tuple[str, ...] = ()  # EDAM ids it performs
    topics: tuple[str, ...] = ()
    parent: str | None = None  # slug of the host application
    dimensions: tuple[str, ...] = ()
    modalities: tuple[str, ...] = ()
    edam: str = ""  # for a method: the EDAM concept it stands for

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


@dataclass(frozen=True, eq=False)
class Concept:
    """An EDAM-Bioimaging operation or topic, with our plain words per language."""

    edam_id: str
    kind: str = "operation"
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    synonyms: tuple[str, ...] = ()  # EDAM's own (English)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)  # how biologists say it
    plain: dict[str, str] = field(default_factory=dict)
    parents: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        return self.labels.get(language) or self.labels.get("en") or self.edam_id


@dataclass(frozen=True, eq=False)
class Catalogue:
    entries: tuple[Entry, ...]
    concepts: tuple[Concept, ...] = ()


def _tsv_concepts(path: Path) -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """EDAM id -> (label, synonyms, parents) from the EDAM-Bioimaging TSV."""
    out = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            edam_id = row["Class ID"].rsplit("/", 1)[-1]
            synonyms = tuple(s for s in (row.get("Synonyms") or "").split("|") if s)
            parents = tuple(
                p.rsplit("/", 1)[-1] for p in (row.get("Parents") or "").split("|") if p
            )
            out[edam_id] = (row["Preferred Label"], synonyms, parents)
    return out


def load_files(
    software: Path, edam_plain: Path | None = None, edam_tsv: Path | None = None
) -> Catalogue:
    """A catalogue from the shipped data files (the benchmark and tests; ids from 1)."""
    data: dict[str, Any] = json.loads(software.read_text("utf-8"))
    plain: dict[str, Any] = json.loads(edam_plain.read_text("utf-8")) if edam_plain else {}
    tsv = _tsv_concepts(edam_tsv) if edam_tsv and edam_tsv.exists() else {}
    entries: list[Entry] = []
    for s in data["software"]:
        features = {"en": tuple(s.get("features", ()))}
        for language in ("fr", "es", "pt"):
            if s.get(f"features_{language}"):
                features[language] = tuple(s[f"features_{language}"])
        entries.append(
            Entry(
                id=len(entries) + 1,
                slug=s["slug"],
                name=s["name"],
                family="tool",
                kind=s.get("kind", ""),
                aliases=tuple(s.get("aliases", ())),
                features=features,
                descriptions=dict(s.get("description", {})),
                operations=tuple(s.get("operations", ())),
                topics=tuple(s.get("topics", ())),
                parent=s.get("parent"),
                dimensions=tuple(s.get("dimensions", ())),
                modalities=tuple(s.get("modalities", ())),
            )
        )
    concepts: list[Concept] = []
    for edam_id in sorted(set(plain) | {o for e in entries for o in (*e.operations, *e.topics)}):
        languages = plain.get(edam_id, {})
        label, synonyms, parents = tsv.get(edam_id, ("", (), ()))
        labels = {lang: v["label"] for lang, v in languages.items() if v.get("label")}
        if label:
            labels.setdefault("en", label)
        concepts.append(
            Concept(
                edam_id=edam_id,
                kind=edam_id.split("_", 1)[0],
                labels=labels,
                synonyms=synonyms,
                words={lang: tuple(v.get("words", ())) for lang, v in languages.items()},
                plain={lang: v.get("plain", "") for lang, v in languages.items()},
                parents=parents,
            )
        )
    for c in concepts:
        if c.kind == "operation":
            entries.append(
                Entry(
                    id=len(entries) + 1,
                    slug=c.edam_id,
                    name=c.label(),
                    family="method",
                    kind="method",
                    names=dict(c.labels),
                    aliases=c.synonyms,
                    features={k: v for k, v in c.words.items()},
                    descriptions=dict(c.plain),
                    edam=c.edam_id,
                )
            )
    return Catalogue(tuple(entries), tuple(concepts))


def by_slug(catalogue: Catalogue) -> dict[str, Entry]:
    return {e.slug: e for e in catalogue.entries}


def ancestors(concepts: Iterable[Concept]) -> dict[str, frozenset[str]]:
    """Each concept's id and the ids of all its parents up the hierarchy."""
    parents = {c.edam_id: c.parents for c in concepts}
    out: dict[str, frozenset[str]] = {}

    def up(edam_id: str, seen: frozenset[str]) -> frozenset[str]:
        if edam_id in out:
            return out[edam_id]
        found = {edam_id}
        for p in parents.get(edam_id, ()):
            if p not in seen:
                found |= up(p, seen | {edam_id})
        out[edam_id] = frozenset(found)
        return out[edam_id]

    for edam_id in parents:
        up(edam_id, frozenset())
    return out
