"""The catalogue's part of the demo: the shipped catalogue imported, and the demo analysts'
software expertise (`data/demo_expertise.json`, by catalogue slug) added to their profiles."""

from collections import Counter

from biafed.catalogue.models import CatalogueEntry
from biafed.catalogue.services.importing import import_catalogue
from biafed.common.data import read_data
from biafed.people.models import AnalystProfile, Role, User
from biafed.people.services import set_expertise


def load(*, stored_files: list) -> str:
    report = import_catalogue()
    wanted = read_data("biafed.catalogue", "demo_expertise.json")["analysts"]
    entries = dict(CatalogueEntry.objects.values_list("slug", "term_id"))
    coordinator = User.objects.filter(roles__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return "Catalogue imported; no demo network to give expertise to."
    profiles = AnalystProfile.objects.filter(user__email__in=wanted).select_related("user")
    added = missing = 0
    for profile in profiles.prefetch_related("expertise"):
        levels = {e.term_id: e.level for e in profile.expertise.all()}
        for slug, level in wanted[profile.user.email].items():
            if slug not in entries:
                missing += 1
                continue
            if levels.get(entries[slug]) != "expert":  # a roster "expert" stays one
                levels[entries[slug]] = level
            added += 1
        set_expertise(actor=coordinator, profile=profile, levels=levels)
    counts = report.counts.get("software", Counter())
    return (
        f"Catalogue imported ({counts['created'] + counts['updated'] + counts['unchanged']} "
        "software entries); "
        f"{added} catalogue expertise entries given to the demo analysts"
        + (f", {missing} skipped (not in the catalogue)." if missing else ".")
    )
