"""Load the shipped expertise vocabulary and the interface/consultation languages."""

import json
from pathlib import Path

from django.db import migrations

VOCABULARY_FILE = Path(__file__).resolve().parent.parent / "data" / "vocabulary.json"

LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("de", "German"),
    ("it", "Italian"),
    ("pt", "Portuguese"),
]


def load_vocabulary(apps, schema_editor):
    ExpertiseTerm = apps.get_model("people", "ExpertiseTerm")
    Language = apps.get_model("people", "Language")
    db = schema_editor.connection.alias

    entries = json.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    for entry in entries:
        ExpertiseTerm.objects.using(db).get_or_create(
            family=entry["family"],
            name=entry["name"],
            defaults={
                "synonyms": entry.get("synonyms", ""),
                "description": entry.get("description", ""),
            },
        )
    for code, name in LANGUAGES:
        Language.objects.using(db).get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_vocabulary, migrations.RunPython.noop),
    ]
