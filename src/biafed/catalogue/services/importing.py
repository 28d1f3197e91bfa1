"""The import of the shipped catalogue (`biafed-manage import_catalogue`).

It reads, from the catalogue's `data/` folder (or another one, for tests):

- `edam/EDAM-bioimaging_alpha06.tsv`: EDAM-Bioimaging's concepts, keyed by `edam_id`;
- `edam_plain.json`: our labels, plain descriptions and words per language for them;
- `vocabulary_map.json`: the EDAM operation each method term of the first vocabulary is,
  and its umbrella terms ("Python"), which no software entry takes over by alias;
- `software.json`: the software entries, keyed by `slug`;
- `articles.json`: the knowledge base's first articles, keyed by `slug`.

A missing file is skipped (and reported). Everything runs in one transaction; running it
again changes nothing. An existing expertise term is matched by slug, then by name, then
by alias, and enriched, never duplicated: profiles keep their term ids. A field a
coordinator edited in the site (`CatalogueEntry.edited_fields`) and an article edited in
the site (`source = edited`) are kept as they are.
"""

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from biafed.catalogue import selectors
from biafed.catalogue.models import (
    LANGUAGES,
    Article,
    CatalogueEntry,
    ConceptKind,
    EdamConcept,
    EntryKind,
    Source,
)
from biafed.catalogue.services.entries import unique_slug
from biafed.common.data import read_data
from biafed.people.models import ExpertiseFamily, ExpertiseTerm

EDAM_FILE = "edam/EDAM-bioimaging_alpha06.tsv"
EDAM_PREFIX = "http://edamontology.org/"
SYNONYMS_LIMIT = 300  # ExpertiseTerm.synonyms' max_length
KINDS = {k.value for k in EntryKind}
OUTCOMES = ("created", "updated", "unchanged", "kept_edited", "skipped")


@dataclass
class Report:
    """What an import did, by what it imports (concepts, methods, software, articles)."""

    counts: dict[str, Counter] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # files not found
    data_version: str = ""

    def count(self, what: str, outcome: str) -> None:
        self.counts.setdefault(what, Counter())[outcome] += 1

    def lines(self) -> list[str]:
        lines = [
            f"{what}: " + ", ".join(f"{o.replace('_', '-')} {c[o]}" for o in OUTCOMES)
            for what, c in self.counts.items()
        ]
        return lines + [f"missing (skipped): {name}" for name in self.missing]


def default_data_dir() -> Path:
    return Path(str(resources.files("biafed.catalogue").joinpath("data")))


def import_catalogue(
    *, data_dir: Path | None = None, edam_path: Path | None = None, dry_run: bool = False
) -> Report:
    """Import the shipped catalogue (see the module's docstring); `dry_run` rolls it back."""
    data_dir = Path(data_dir or default_data_dir())
    edam_path = Path(edam_path or data_dir / EDAM_FILE)
    report = Report()
    with transaction.atomic():
        _Importer(data_dir, edam_path, report).run()
        if dry_run:
            transaction.set_rollback(True)
    selectors.forget()
    return report


def _read_json(path: Path, report: Report) -> Any:
    if not path.exists():
        report.missing.append(path.name)
        return None
    return json.loads(path.read_text("utf-8"))


def _local_id(url: str) -> str:
    return url.strip().rsplit("/", 1)[-1]


def _split_aliases(text: str) -> list[str]:
    return [s.strip() for s in text.split(",") if s.strip()]


def _join_aliases(aliases: list[str], name: str) -> str:
    """Comma-separated aliases without duplicates (nor the name), within the field's limit."""
    kept: list[str] = []
    seen = {name.casefold()}
    for alias in aliases:
        alias = alias.replace(",", " ").strip()
        if not alias or alias.casefold() in seen:
            continue
        if len(", ".join([*kept, alias])) > SYNONYMS_LIMIT:
            break
        seen.add(alias.casefold())
        kept.append(alias)
    return ", ".join(kept)


class _Importer:
    def __init__(self, data_dir: Path, edam_path: Path, report: Report):
        self.data_dir = data_dir
        self.edam_path = edam_path
        self.report = report
        self.concepts: dict[str, EdamConcept] = {}
        self.claimed: set[int] = set()  # term ids matched in this run
        self.mapping: dict[str, Any] = {}
        self.umbrellas: set[str] = set()
        self.shipped_names: dict[str, dict[str, str]] = read_data(
            "biafed.people", "vocabulary_names.json"
        )

    def run(self) -> None:
        mapping = self.data_dir / "vocabulary_map.json"
        if not mapping.exists():  # a folder of other data (tests) still maps the first vocabulary
            mapping = default_data_dir() / "vocabulary_map.json"
        self.mapping = _read_json(mapping, self.report) or {}
        self.umbrellas = set(self.mapping.get("umbrellas", []))
        self.import_concepts()
        plain = _read_json(self.data_dir / "edam_plain.json", self.report) or {}
        self.apply_plain(plain)
        software = _read_json(self.data_dir / "software.json", self.report) or {}
        self.report.data_version = str(software.get("version", ""))
        items = sorted(software.get("software", []), key=lambda s: s["slug"])
        self.import_methods(items, plain)
        self.import_software(items)
        self.import_articles(_read_json(self.data_dir / "articles.json", self.report) or {})

    # -- EDAM ------------------------------------------------------------------------------

    def import_concepts(self) -> None:
        self.concepts = {c.edam_id: c for c in EdamConcept.objects.all()}
        if not self.edam_path.exists():
            self.report.missing.append(self.edam_path.name)
            return
        with self.edam_path.open(encoding="utf-8", newline="") as tsv:
            rows = [r for r in csv.DictReader(tsv, delimiter="\t") if r.get("Class ID")]
        parents: dict[str, set[str]] = {}
        for row in rows:
            edam_id = _local_id(row["Class ID"])
            kind = edam_id.split("_", 1)[0]
            if kind not in ConceptKind.values:
                continue
            values = {
                "kind": kind,
                "label": row["Preferred Label"].strip()[:200],
                "synonyms": [s.strip() for s in row["Synonyms"].split("|") if s.strip()],
                "definition": row["Definitions"].split("|")[0].strip(),
                "obsolete": row["Obsolete"].strip().upper() == "TRUE",
            }
            self._save_concept(edam_id, values)
            parents[edam_id] = {
                _local_id(p) for p in row["Parents"].split("|") if p.strip().startswith(EDAM_PREFIX)
            }
        through = EdamConcept.parents.through
        have = set(through.objects.values_list("from_edamconcept_id", "to_edamconcept_id"))
        want = {
            (self.concepts[child].pk, self.concepts[parent].pk)
            for child, ps in parents.items()
            for parent in ps
            if parent in self.concepts and child in self.concepts
        }
        mine = {c.pk for k, c in self.concepts.items() if k in parents}
        through.objects.filter(
            pk__in=[
                pk
                for pk, child, parent in through.objects.values_list(
                    "pk", "from_edamconcept_id", "to_edamconcept_id"
                )
                if child in mine and (child, parent) not in want
            ]
        ).delete()
        through.objects.bulk_create(
            [through(from_edamconcept_id=c, to_edamconcept_id=p) for c, p in want - have]
        )

    def _save_concept(self, edam_id: str, values: dict) -> None:
        concept = self.concepts.get(edam_id)
        if concept is None:
            self.concepts[edam_id] = EdamConcept.objects.create(edam_id=edam_id, **values)
            self.report.count("concepts", "created")
        elif any(getattr(concept, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(concept, k, v)
            concept.save()
            self.report.count("concepts", "updated")
        else:
            self.report.count("concepts", "unchanged")

    def apply_plain(self, plain: dict) -> None:
        for edam_id, by_language in plain.items():
            concept = self.concepts.get(edam_id)
            if concept is None:
                continue
            values = {
                "labels": {k: v["label"] for k, v in by_language.items() if v.get("label")},
                "plain": {k: v["plain"] for k, v in by_language.items() if v.get("plain")},
                "words": {k: list(v["words"]) for k, v in by_language.items() if v.get("words")},
            }
            if any(getattr(concept, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(concept, k, v)
                concept.save()
                self.report.count("plain descriptions", "updated")
            else:
                self.report.count("plain descriptions", "unchanged")

    # -- Terms and entries -------------------------------------------------------------------

    def _term(
        self, family: str, slug: str, name: str, aliases: list[str], edam: int | None = None
    ) -> ExpertiseTerm | None:
        """The existing term this item is: its entry's slug, then its name, then an alias.
        Terms already matched in this run, umbrella terms (matched by name only) and methods
        bound to another EDAM operation are not taken."""
        entry = CatalogueEntry.objects.filter(slug=slug).select_related("term").first()
        if entry is not None and entry.term_id not in self.claimed:
            return entry.term
        terms = [
            t
            for t in ExpertiseTerm.objects.filter(family=family).select_related("catalogue")
            if t.pk not in self.claimed and self._free(t, edam)
        ]
        wanted = name.casefold()
        for t in terms:
            if t.name.casefold() == wanted or slugify(t.name) == slug:
                return t
        said = {a.casefold() for a in [name, *aliases]}
        for t in terms:
            if t.name in self.umbrellas:
                continue
            if t.name.casefold() in said or {s.casefold() for s in t.synonym_list} & said:
                return t
        return None

    @staticmethod
    def _free(term: ExpertiseTerm, edam: int | None) -> bool:
        entry = getattr(term, "catalogue", None)
        return entry is None or entry.edam_id is None or entry.edam_id == edam

    def _entry_for(
        self, family: str, slug: str, name: str, aliases: list[str], edam: int | None = None
    ) -> tuple[ExpertiseTerm, CatalogueEntry, bool] | None:
        """(term, entry, created) for an item, or None when its name is another's term."""
        term = self._term(family, slug, name, aliases, edam)
        created = term is None
        if term is None:
            if ExpertiseTerm.objects.filter(family=family, name=name[:100]).exists():
                return None  # e.g. EDAM's general "Classification" beside our method of that name
            term = ExpertiseTerm.objects.create(family=family, name=name[:100])
            # its entry was made by services.entries.term_saved
        self.claimed.add(term.pk)
        entry = CatalogueEntry.objects.get(term=term)
        if created:
            entry.source = Source.IMPORTED
            entry.edited_fields = []
        if entry.slug != slug and not CatalogueEntry.objects.filter(slug=slug).exists():
            entry.slug = slug
        return term, entry, created

    def _apply(
        self,
        what: str,
        term: ExpertiseTerm,
        entry: CatalogueEntry,
        created: bool,
        fields: dict[str, Any],
        *,
        aliases: list[str],
        description: str,
        operations: list[str],
        topics: list[str] = (),  # type: ignore[assignment]
    ) -> None:
        """Set the fields the coordinator has not edited; count what happened."""
        edited = set(entry.edited_fields or ()) if not created else set()
        kept = False
        changed = (
            entry.slug
            != CatalogueEntry.objects.filter(pk=entry.pk).values_list("slug", flat=True).first()
        )
        for name, value in fields.items():
            if name in edited:
                kept = kept or getattr(entry, name) != value
                continue
            if getattr(entry, name) != value:
                setattr(entry, name, value)
                changed = True
        term_values = {}
        if "aliases" in edited:
            kept = kept or _split_aliases(term.synonyms) != aliases
        else:
            synonyms = _join_aliases([*_split_aliases(term.synonyms), *aliases], term.name)
            if synonyms != term.synonyms:
                term_values["synonyms"] = synonyms
        if "descriptions" not in edited and description and description != term.description:
            term_values["description"] = description
        if term_values:
            ExpertiseTerm.objects.filter(pk=term.pk).update(**term_values)
            changed = True
        for relation, ids in (("operations", operations), ("topics", topics)):
            wanted = {self.concepts[i].pk for i in ids if i in self.concepts}
            if relation in edited:
                kept = kept or wanted != set(getattr(entry, relation).values_list("pk", flat=True))
                continue
            if wanted != set(getattr(entry, relation).values_list("pk", flat=True)):
                getattr(entry, relation).set(wanted)
                changed = True
        if changed or created:
            entry.data_version = self.report.data_version
            entry.save()
        self.report.count(what, "created" if created else "updated" if changed else "unchanged")
        if kept:
            self.report.count(what, "kept_edited")

    def import_methods(self, items: list[dict], plain: dict) -> None:
        """Every EDAM operation the software performs, or that the first vocabulary's method
        terms are, or that we describe in plain words, becomes a method entry."""
        mapped = self.mapping.get("methods", {})
        by_operation = {edam_id: name for name, edam_id in mapped.items()}
        wanted = {op for item in items for op in item.get("operations", [])}
        wanted |= set(by_operation) | {k for k in plain if k.startswith("operation")}
        # The first vocabulary's methods take their operation before any other may.
        for edam_id in sorted(wanted, key=lambda k: (k not in by_operation, k)):
            concept = self.concepts.get(edam_id)
            if concept is None or concept.kind != ConceptKind.OPERATION:
                continue
            entry = CatalogueEntry.objects.filter(edam=concept).select_related("term").first()
            name = by_operation.get(edam_id, concept.label)
            if entry is not None:
                term, created = entry.term, False
                self.claimed.add(term.pk)
            else:
                aliases = [concept.label, *concept.synonyms]
                slug = slugify(name)[:80] or unique_slug(edam_id)
                found = self._entry_for(ExpertiseFamily.METHOD, slug, name, aliases, concept.pk)
                if found is None:
                    self.report.count("methods", "skipped")
                    continue
                term, entry, created = found
            words = plain.get(edam_id, {})
            names = {k: v["label"] for k, v in words.items() if k != "en" and v.get("label")}
            names.update(self.shipped_names.get(term.name, {}))
            entry.edam = concept
            self._apply(
                "methods",
                term,
                entry,
                created,
                {
                    "kind": EntryKind.METHOD,
                    "names": names,
                    "descriptions": {k: v["plain"] for k, v in words.items() if v.get("plain")},
                    "features": {k: list(v["words"]) for k, v in words.items() if v.get("words")},
                },
                aliases=[concept.label, *concept.synonyms],
                description=words.get("en", {}).get("plain", ""),
                operations=[edam_id],
            )

    def import_software(self, items: list[dict]) -> None:
        entries: dict[str, CatalogueEntry] = {}
        # Exact slugs and names first, so that an alias never takes another item's term.
        ordered = sorted(items, key=lambda i: self._exact(i["slug"], i["name"]) is None)
        for item in ordered:
            aliases = list(item.get("aliases", []))
            found = self._entry_for(ExpertiseFamily.TOOL, item["slug"], item["name"], aliases)
            if found is None:
                self.report.count("software", "skipped")
                continue
            term, entry, created = found
            if item["name"].casefold() != term.name.casefold():
                aliases.insert(0, item["name"])
            features = {"en": item.get("features", [])}
            for language in LANGUAGES[1:]:
                if item.get(f"features_{language}"):
                    features[language] = item[f"features_{language}"]
            description = item.get("description", {})
            self._apply(
                "software",
                term,
                entry,
                created,
                {
                    "kind": item.get("kind")
                    if item.get("kind") in KINDS
                    else EntryKind.APPLICATION,
                    "platforms": list(item.get("platforms", [])),
                    "licence": item.get("licence", "") or "",
                    "links": {k: v for k, v in (item.get("links") or {}).items() if v},
                    "descriptions": {k: v for k, v in description.items() if v},
                    "features": features,
                    "dimensions": list(item.get("dimensions", [])),
                    "modalities": list(item.get("modalities", [])),
                },
                aliases=aliases,
                description=description.get("en", ""),
                operations=item.get("operations", []),
                topics=item.get("topics", []),
            )
            entries[item["slug"]] = entry
        for item in items:  # plugins -> host application
            plugin = entries.get(item["slug"])
            if plugin is None:
                continue
            parent = entries.get(item.get("parent") or "")
            parent_id = parent.pk if parent else None
            if "parent" not in (plugin.edited_fields or ()) and plugin.parent_id != parent_id:
                CatalogueEntry.objects.filter(pk=plugin.pk).update(
                    parent_id=parent_id, updated_at=timezone.now()
                )

    def _exact(self, slug: str, name: str) -> ExpertiseTerm | None:
        entry = CatalogueEntry.objects.filter(slug=slug).first()
        if entry is not None:
            return entry.term
        return ExpertiseTerm.objects.filter(family=ExpertiseFamily.TOOL, name__iexact=name).first()

    # -- Articles ----------------------------------------------------------------------------

    def import_articles(self, data: dict) -> None:
        for item in data.get("articles", []):
            values = {
                "title": {k: item[k]["title"] for k in LANGUAGES if item.get(k)},
                "summary": {k: item[k].get("summary", "") for k in LANGUAGES if item.get(k)},
                "body": {k: item[k].get("body", "") for k in LANGUAGES if item.get(k)},
            }
            article = Article.objects.filter(slug=item["slug"]).first()
            if article is not None and article.source == Source.EDITED:
                self.report.count("articles", "kept_edited")
                continue
            created = article is None
            if article is None:
                article = Article(slug=item["slug"], published=True, source=Source.IMPORTED)
            changed = created or any(getattr(article, k) != v for k, v in values.items())
            for k, v in values.items():
                setattr(article, k, v)
            if changed:
                article.data_version = str(data.get("version", ""))
                article.save()
            entries = set(
                CatalogueEntry.objects.filter(slug__in=item.get("tools", [])).values_list(
                    "pk", flat=True
                )
            )
            concepts = {
                self.concepts[i].pk for i in item.get("operations", []) if i in self.concepts
            }
            if entries != set(article.entries.values_list("pk", flat=True)):
                article.entries.set(entries)
                changed = True
            if concepts != set(article.concepts.values_list("pk", flat=True)):
                article.concepts.set(concepts)
                changed = True
            self.report.count(
                "articles", "created" if created else "updated" if changed else "unchanged"
            )
