"""`import_catalogue`: idempotent, enriches the existing vocabulary, keeps coordinator edits."""

import pytest
from django.core.management import call_command

from biafed.catalogue.models import Article, CatalogueEntry, EdamConcept, EntryKind
from biafed.catalogue.services.entries import save_entry
from biafed.catalogue.services.importing import import_catalogue
from biafed.people.models import ExpertiseTerm
from tests.catalogue.conftest import EDAM, import_fixture
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db


def entry(slug: str) -> CatalogueEntry:
    return CatalogueEntry.objects.select_related("term").get(slug=slug)


def test_import_enriches_existing_terms_without_duplicating_them():
    fiji = ExpertiseTerm.objects.get(name="Fiji/ImageJ macro")
    stardist = ExpertiseTerm.objects.get(name="StarDist")
    segmentation = ExpertiseTerm.objects.get(family="method", name="Segmentation")
    terms_before = ExpertiseTerm.objects.count()

    report = import_fixture()

    assert entry("fiji").pk == fiji.pk  # matched through its synonym "ImageJ"
    assert entry("stardist").pk == stardist.pk
    assert entry("fiji").licence == "open"
    assert "analyser les particules" in entry("fiji").features["fr"]
    # One new tool (micro-sam), plugged into napari, and the EDAM operations not yet methods.
    micro_sam = entry("micro-sam")
    assert micro_sam.kind == EntryKind.PLUGIN and micro_sam.parent == entry("napari")
    assert micro_sam.term.family == "tool"
    # The existing Segmentation term is the EDAM operation's method entry.
    method = CatalogueEntry.objects.get(edam__edam_id="operation_Image_segmentation")
    assert method.pk == segmentation.pk and method.kind == EntryKind.METHOD
    assert method.descriptions["fr"].startswith("Trouver le contour")
    new_methods = {"Cell segmentation", "Image thresholding", "Image annotation"}
    assert new_methods <= set(
        ExpertiseTerm.objects.filter(family="method").values_list("name", flat=True)
    )
    # "Python" stands for many tools: Jupyter, one of its synonyms, does not take it over.
    python = ExpertiseTerm.objects.get(family="tool", name="Python")
    assert entry("jupyter").pk != python.pk and python.catalogue.slug == "python"
    assert ExpertiseTerm.objects.count() == terms_before + 2 + len(new_methods)
    assert EdamConcept.objects.count() == 341
    assert set(entry("stardist").operations.values_list("edam_id", flat=True)) == {
        "operation_Image_segmentation",
        "operation_Cell_segmentation",
    }
    assert Article.objects.filter(published=True).count() == 2
    assert report.counts["software"]["created"] == 2


def test_running_the_import_again_changes_nothing():
    import_fixture()
    terms = list(ExpertiseTerm.objects.order_by("pk").values())
    entries = list(CatalogueEntry.objects.order_by("pk").values())

    report = import_fixture()

    assert list(ExpertiseTerm.objects.order_by("pk").values()) == terms
    assert list(CatalogueEntry.objects.order_by("pk").values()) == entries
    for what, counts in report.counts.items():
        assert counts["created"] == 0 and counts["updated"] == 0, what


def test_the_import_keeps_what_a_coordinator_edited():
    import_fixture()
    stardist = entry("stardist")
    save_entry(
        actor=CoordinatorFactory(),
        entry=stardist,
        aliases=["star-convex nuclei"],
        names={},
        descriptions={**stardist.descriptions, "fr": "Notre propre description."},
        features=stardist.features,
        links=stardist.links,
        operations=stardist.operations.all(),
        active=True,
    )

    report = import_fixture()

    stardist = entry("stardist")
    assert stardist.descriptions["fr"] == "Notre propre description."
    assert stardist.term.synonyms == "star-convex nuclei"
    assert stardist.edited_fields == ["aliases", "descriptions"]
    assert report.counts["software"]["kept_edited"] == 1


def test_an_article_edited_in_the_site_is_kept():
    import_fixture()
    Article.objects.filter(slug="touching-objects").update(source="edited", title={"en": "Ours"})
    report = import_fixture()
    assert Article.objects.get(slug="touching-objects").title == {"en": "Ours"}
    assert report.counts["articles"]["kept_edited"] == 1


def test_a_dry_run_saves_nothing(capsys):
    call_command(
        "import_catalogue", "--dry-run", "--data", "tests/catalogue/data", "--edam", str(EDAM)
    )
    out = capsys.readouterr().out
    assert "software: created 2" in out and "dry run" in out
    assert not EdamConcept.objects.exists()
    assert not CatalogueEntry.objects.filter(slug="micro-sam").exists()


def test_missing_data_files_are_reported_not_fatal(tmp_path):
    report = import_catalogue(data_dir=tmp_path, edam_path=EDAM)
    assert {"software.json", "articles.json", "edam_plain.json"} <= set(report.missing)
    assert EdamConcept.objects.count() == 341


def test_the_builders_expose_the_catalogue_as_plain_data():
    from biafed.catalogue.selectors import knowledge_base, vocabulary

    import_fixture()
    data = vocabulary()
    stardist = next(e for e in data.entries if e.slug == "stardist")
    assert stardist.family == "tool" and stardist.kind == "library"
    assert "noyaux qui se touchent" in stardist.features["fr"]
    assert stardist.descriptions["es"].startswith("Encuentra núcleos")
    assert "operation_Cell_segmentation" in stardist.operations
    micro_sam = next(e for e in data.entries if e.slug == "micro-sam")
    assert micro_sam.parent == next(e.id for e in data.entries if e.slug == "napari")
    tracking = next(e for e in data.entries if e.name == "Tracking")
    assert tracking.names["fr"] == "Suivi d’objets" and tracking.edam == "operation_Image_tracking"
    assert data.concepts["operation_Image_segmentation"].labels["fr"] == "Segmentation d’images"
    assert vocabulary() is data  # cached while nothing changes
    assert [a.slug for a in knowledge_base()] == ["touching-objects", "what-is-a-z-stack"]
