"""A catalogue entry for every existing expertise term, so every profile, booking and
project keeps its expertise (same term ids), with the shipped French and Spanish names."""

from django.db import migrations
from django.utils.text import slugify

from biafed.common.data import read_data

FAMILY_KIND = {"tool": "application", "method": "method", "modality": "modality", "domain": "domain"}


def create_entries(apps, schema_editor):
    db = schema_editor.connection.alias
    term_model = apps.get_model("people", "ExpertiseTerm")
    entry_model = apps.get_model("catalogue", "CatalogueEntry")
    names = read_data("biafed.people", "vocabulary_names.json")
    taken = set(entry_model.objects.using(db).values_list("slug", flat=True))
    have = set(entry_model.objects.using(db).values_list("term_id", flat=True))
    for term in term_model.objects.using(db).exclude(pk__in=have).order_by("pk"):
        base = (slugify(term.name) or "entry")[:70]
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        entry_model.objects.using(db).create(
            term=term,
            slug=slug,
            kind=FAMILY_KIND.get(term.family, "application"),
            names=names.get(term.name, {}),
            descriptions={"en": term.description} if term.description else {},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
        ("people", "0004_user_closed_at_and_privacy_notice"),
    ]

    operations = [migrations.RunPython(create_entries, migrations.RunPython.noop)]
