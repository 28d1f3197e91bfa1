"""Load the shipped expertise vocabulary and the interface/consultation languages."""

from django.db import migrations

from biafed.people.vocabulary import install_vocabulary


def load_vocabulary(apps, schema_editor):
    install_vocabulary(
        term_model=apps.get_model("people", "ExpertiseTerm"),
        language_model=apps.get_model("people", "Language"),
        using=schema_editor.connection.alias,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_vocabulary, migrations.RunPython.noop),
    ]
