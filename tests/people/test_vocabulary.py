"""The shipped vocabulary: one loader for the data migration and the demo."""

import pytest

from biafed.common.data import read_data
from biafed.people.models import ExpertiseTerm, Language
from biafed.people.vocabulary import install_vocabulary

pytestmark = pytest.mark.django_db


def test_the_migration_installs_every_shipped_term_and_language():
    shipped = read_data("biafed.people", "vocabulary.json")
    names = set(ExpertiseTerm.objects.values_list("family", "name"))
    assert names == {(entry["family"], entry["name"]) for entry in shipped}
    codes = set(Language.objects.values_list("code", flat=True))
    assert codes == set(read_data("biafed.people", "languages.json"))


def test_installing_again_restores_missing_terms_and_keeps_a_coordinators_edits():
    ExpertiseTerm.objects.filter(name="TrackMate").delete()
    edited = ExpertiseTerm.objects.get(name="QuPath")
    edited.description = "Our own description."
    edited.save()
    count = len(read_data("biafed.people", "vocabulary.json"))

    install_vocabulary(term_model=ExpertiseTerm, language_model=Language)

    assert ExpertiseTerm.objects.filter(name="TrackMate").exists()
    assert ExpertiseTerm.objects.get(name="QuPath").description == "Our own description."
    assert ExpertiseTerm.objects.count() == count
