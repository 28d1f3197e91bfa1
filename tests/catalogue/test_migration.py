"""The data migration gives every existing expertise term a catalogue entry: every profile
keeps its expertise, under the same term ids."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalogue", "0001_initial")]
AFTER = [("catalogue", "0002_entries_for_existing_terms")]


@pytest.mark.django_db(transaction=True)
def test_every_existing_term_and_profile_keeps_its_expertise():
    executor = MigrationExecutor(connection)
    # People's own later migrations stay applied (their columns exist in the database).
    before = BEFORE + executor.loader.graph.leaf_nodes("people")
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    apps.get_model("catalogue", "CatalogueEntry").objects.all().delete()  # as before 0002
    Term = apps.get_model("people", "ExpertiseTerm")
    User = apps.get_model("people", "User")
    Facility = apps.get_model("people", "HostFacility")
    Profile = apps.get_model("people", "AnalystProfile")
    Expertise = apps.get_model("people", "AnalystExpertise")
    # The shipped vocabulary's "Tracking" (another test may have emptied the table).
    Term.objects.get_or_create(family="method", name="Tracking")
    Term.objects.create(family="tool", name="A tool a coordinator added")
    Term.objects.create(family="method", name="Tracking!")  # slugifies like "Tracking"
    facility = Facility.objects.create(name="Facility", institution="Institute", city="Lyon")
    profile = Profile.objects.create(
        user=User.objects.create(email="a@example.org"), host_facility=facility
    )
    for term in Term.objects.all():
        Expertise.objects.create(profile=profile, term=term, level="expert")
    held = set(Expertise.objects.values_list("term_id", "level"))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Entry = apps.get_model("catalogue", "CatalogueEntry")
    Term = apps.get_model("people", "ExpertiseTerm")
    Expertise = apps.get_model("people", "AnalystExpertise")

    assert set(Entry.objects.values_list("pk", flat=True)) == set(
        Term.objects.values_list("pk", flat=True)
    )
    assert set(Expertise.objects.values_list("term_id", "level")) == held
    slugs = list(Entry.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) and "tracking-2" in slugs
    tracking = Entry.objects.get(term__name="Tracking")
    assert tracking.names == {
        "fr": "Suivi d’objets",
        "es": "Seguimiento de objetos",
        "pt-br": "Rastreamento de objetos",
    }
    assert tracking.kind == "method"
