"""The small test catalogue of tests/matching/engine/data in the database: tools with their
features per language and EDAM operations, and one method term per EDAM operation."""

import json
from pathlib import Path

from biafed.catalogue import selectors
from biafed.catalogue.models import CatalogueEntry, EdamConcept
from biafed.matching.services import understanding
from biafed.people.models import ExpertiseFamily, ExpertiseTerm

DATA = Path(__file__).parent / "engine" / "data"


def load_small_catalogue() -> dict[str, ExpertiseTerm]:
    """Terms by slug (tools) or EDAM id (methods)."""
    software = json.loads((DATA / "catalogue_small.json").read_text("utf-8"))["software"]
    plain = json.loads((DATA / "edam_plain_small.json").read_text("utf-8"))
    concepts = {}
    for edam_id, languages in plain.items():
        concepts[edam_id] = EdamConcept.objects.create(
            edam_id=edam_id,
            kind="operation",
            label=languages["en"]["label"],
            labels={k: v["label"] for k, v in languages.items()},
            plain={k: v["plain"] for k, v in languages.items()},
            words={k: v["words"] for k, v in languages.items()},
        )
    concepts["operation_Cell_segmentation"].parents.add(concepts["operation_Image_segmentation"])
    terms = {}
    for edam_id, concept in concepts.items():
        term, _new = ExpertiseTerm.objects.get_or_create(
            name=concept.label, family=ExpertiseFamily.METHOD
        )
        CatalogueEntry.objects.filter(term=term).update(
            slug=edam_id.casefold().replace("_", "-")[:80],
            kind="method",
            edam=concept,
            names=concept.labels,
        )
        terms[edam_id] = term
    for s in software:
        term, _new = ExpertiseTerm.objects.update_or_create(
            name=s["name"],
            family=ExpertiseFamily.TOOL,
            defaults={"synonyms": ", ".join(s["aliases"]), "is_active": True},
        )
        features = {"en": s["features"], "fr": s["features_fr"], "es": s["features_es"]}
        CatalogueEntry.objects.filter(term=term).update(
            slug=s["slug"],
            kind=s["kind"],
            features=features,
            descriptions=s["description"],
            dimensions=s["dimensions"],
        )
        entry = CatalogueEntry.objects.get(term=term)
        entry.operations.set([concepts[o] for o in s["operations"] if o in concepts])
        terms[s["slug"]] = term
    selectors.forget()
    understanding.forget()
    return terms
