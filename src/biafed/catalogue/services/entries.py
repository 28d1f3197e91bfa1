"""Catalogue entries: one for every expertise term, and the coordinator's edits.

A field a coordinator edits in the site is remembered in `edited_fields`: the import
(`services.importing`) never overwrites it.
"""

from collections.abc import Iterable
from typing import Any

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from biafed.catalogue import selectors
from biafed.catalogue.models import CatalogueEntry, EdamConcept, EntryKind, Source
from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.people.models import ExpertiseTerm, User

FAMILY_KIND = {
    "tool": EntryKind.APPLICATION,
    "method": EntryKind.METHOD,
    "modality": EntryKind.MODALITY,
    "domain": EntryKind.DOMAIN,
}
"""The kind a term's entry starts with, from its family."""

EDITABLE = ("aliases", "names", "descriptions", "features", "links", "operations", "active")
"""What the edit page changes (and the import then keeps)."""


def unique_slug(text: str, taken: Iterable[str] | None = None) -> str:
    """A slug for `text` not in `taken` (by default: not used by any entry)."""
    base = (slugify(text) or "entry")[:70]
    used = set(taken) if taken is not None else None

    def free(slug: str) -> bool:
        if used is not None:
            return slug not in used
        return not CatalogueEntry.objects.filter(slug=slug).exists()

    slug, n = base, 2
    while not free(slug):
        slug, n = f"{base}-{n}", n + 1
    return slug


def term_saved(
    sender: type, instance: ExpertiseTerm, created: bool, raw: bool = False, **kwargs: object
) -> None:
    """Every term gets an entry when it is created (the vocabulary page, the admin, tests);
    a term saved later touches its entry, so that `selectors.stamp()` changes."""
    if raw:
        return
    if created or not CatalogueEntry.objects.filter(term=instance).exists():
        CatalogueEntry.objects.create(
            term=instance,
            slug=unique_slug(instance.name),
            kind=FAMILY_KIND.get(instance.family, EntryKind.APPLICATION),
            descriptions={"en": instance.description} if instance.description else {},
            source=Source.EDITED,
        )
    else:
        CatalogueEntry.objects.filter(term=instance).update(updated_at=timezone.now())
    selectors.forget()


def _lines(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


@transaction.atomic
def save_entry(
    *,
    actor: User,
    entry: CatalogueEntry,
    aliases: list[str],
    names: dict[str, str],
    descriptions: dict[str, str],
    features: dict[str, list[str]],
    links: dict[str, str],
    operations: Iterable[EdamConcept],
    active: bool,
) -> CatalogueEntry:
    """A coordinator's edit of an entry; the fields that changed are kept from the import."""
    if not rules.has_perm("catalogue.edit_entry", actor, entry):
        raise BusinessRuleError(_("Only coordinators edit the catalogue."))
    term = entry.term
    before = {
        "aliases": term.synonym_list,
        "names": entry.names or {},
        "descriptions": entry.descriptions or {},
        "features": entry.features or {},
        "links": entry.links or {},
        "operations": sorted(entry.operations.values_list("pk", flat=True)),
        "active": term.is_active,
    }
    aliases = _lines(aliases)
    synonyms = ", ".join(aliases)
    limit = ExpertiseTerm._meta.get_field("synonyms").max_length or 300
    if len(synonyms) > limit:
        raise BusinessRuleError(
            _("The aliases take %(count)s characters; at most %(limit)s fit.")
            % {"count": len(synonyms), "limit": limit}
        )
    operations = list(operations)
    after: dict[str, Any] = {
        "aliases": aliases,
        "names": {k: v.strip() for k, v in names.items() if v.strip()},
        "descriptions": {k: v.strip() for k, v in descriptions.items() if v.strip()},
        "features": {k: _lines(v) for k, v in features.items() if _lines(v)},
        "links": {k: v.strip() for k, v in links.items() if v.strip()},
        "operations": sorted(o.pk for o in operations),
        "active": active,
    }
    changed = [f for f in EDITABLE if before[f] != after[f]]
    if not changed:
        return entry
    term.synonyms = synonyms
    term.is_active = active
    term.description = after["descriptions"].get("en", "")
    ExpertiseTerm.objects.filter(pk=term.pk).update(
        synonyms=term.synonyms, is_active=active, description=term.description
    )
    entry.names = after["names"]
    entry.descriptions = after["descriptions"]
    entry.features = after["features"]
    entry.links = after["links"]
    entry.source = Source.EDITED
    entry.edited_fields = sorted(set(entry.edited_fields or ()) | set(changed))
    entry.save()
    entry.operations.set(operations)
    activity.record(
        actor=actor, verb="edited catalogue entry", subject=entry, detail=", ".join(changed)
    )
    selectors.forget()
    return entry
