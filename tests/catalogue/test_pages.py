"""The catalogue's pages: search in any language, names in the viewer's language, who
reads and who edits, the knowledge base."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from biafed.catalogue.models import Article, CatalogueEntry, EntryKind
from biafed.people.models import ExpertiseFamily, ExpertiseTerm
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    RequesterFactory,
)

pytestmark = pytest.mark.django_db


def found(client, **params) -> list[str]:
    response = client.get(reverse("catalogue:home"), params)
    assert response.status_code == 200
    return [e.slug for e in response.context["page"]]


def entry(slug: str) -> CatalogueEntry:
    return CatalogueEntry.objects.select_related("term").get(slug=slug)


def edit_data(e: CatalogueEntry, **changes) -> dict:
    data = {
        "aliases": "\n".join(e.term.synonym_list),
        "active": "on" if e.term.is_active else "",
        "operations": [o.pk for o in e.operations.all()],
    }
    for language in ("en", "fr", "es"):
        data[f"description_{language}"] = e.descriptions.get(language, "")
        data[f"features_{language}"] = "\n".join(e.features.get(language, []))
        if language != "en":
            data[f"name_{language}"] = e.names.get(language, "")
    for key in ("home", "docs", "forum_tag", "bioimage_io", "source"):
        data[f"link_{key}"] = e.links.get(key, "")
    return {k: v for k, v in {**data, **changes}.items() if v != ""}


def test_search_finds_by_alias_and_by_a_french_feature_word(client, catalogue):
    client.force_login(RequesterFactory())

    assert found(client, q="µSAM") == ["micro-sam"]
    assert "fiji" in found(client, q="ImageJ2")
    assert "stardist" in found(client, q="noyaux qui se touchent")
    assert "stardist" in found(client, q="nucleos que se tocan")  # accents do not matter
    assert found(client, q="glorbify") == []


def test_search_filters_by_kind_platform_licence_and_operation(client, catalogue):
    client.force_login(RequesterFactory())

    assert found(client, kind="plugin") == ["micro-sam"]
    assert set(found(client, platform="qupath")) == {"stardist"}
    assert "fiji" in found(client, licence="open")
    on_cells = found(client, operation="operation_Cell_segmentation")
    assert "stardist" in on_cells and "fiji" not in on_cells
    # A hostile value is ignored, never an error.
    assert client.get(reverse("catalogue:home"), {"kind": "<script>"}).status_code == 200


def test_term_names_follow_the_viewers_language_everywhere():
    tracking = ExpertiseTerm.objects.get(family="method", name="Tracking")
    with translation.override("fr"):
        assert str(tracking) == "Suivi d’objets"
    with translation.override("es"):
        assert str(tracking) == "Seguimiento de objetos"
    assert str(tracking) == "Tracking"


def test_a_name_a_coordinator_translates_shows_at_once(client):
    term = ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name="Zorbtool")
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("catalogue:entry_edit", args=[term.pk]),
        edit_data(entry(term.catalogue.slug), name_fr="Zorbouil", active="on"),
    )
    assert response.status_code == 302
    with translation.override("fr"):
        assert str(ExpertiseTerm.objects.get(pk=term.pk)) == "Zorbouil"


def test_the_entry_page_shows_the_description_in_the_viewers_language(client, catalogue):
    client.force_login(RequesterFactory())
    url = reverse("catalogue:entry", args=[entry("stardist").pk])
    client.cookies["django_language"] = "fr"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
    assert "Trouve les noyaux ronds" in response.text
    assert "Segmentation d’images" in response.text  # the EDAM operation, in French


def test_analysts_see_who_knows_a_tool_requesters_do_not(client, catalogue):
    stardist = entry("stardist")
    expert = AnalystFactory(full_name="Ada Expert", expertise={stardist.term: "expert"})
    client.force_login(AnalystFactory())
    response = client.get(reverse("catalogue:entry", args=[stardist.pk]))
    assert "Ada Expert" in response.text and "Expert" in response.text
    client.force_login(RequesterFactory())
    response = client.get(reverse("catalogue:entry", args=[stardist.pk]))
    assert expert.full_name not in response.text


def test_a_requester_reads_an_entry_but_cannot_edit_it(client, catalogue):
    stardist = entry("stardist")
    client.force_login(RequesterFactory())
    assert client.get(reverse("catalogue:entry", args=[stardist.pk])).status_code == 200
    url = reverse("catalogue:entry_edit", args=[stardist.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, edit_data(stardist, aliases="mine")).status_code == 403
    assert entry("stardist").term.synonyms == stardist.term.synonyms


def test_anonymous_people_are_sent_to_log_in(client, catalogue):
    for url in (reverse("catalogue:home"), reverse("catalogue:articles")):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_coordinator_edits_an_entry_and_the_edit_is_remembered(client, catalogue):
    stardist = entry("stardist")
    client.force_login(CoordinatorFactory())
    response = client.post(
        reverse("catalogue:entry_edit", args=[stardist.pk]),
        edit_data(stardist, aliases="stardist 3d\nstar-convex", features_fr="noyaux ronds"),
    )
    assert response.status_code == 302
    stardist = entry("stardist")
    assert stardist.term.synonym_list == ["stardist 3d", "star-convex"]
    assert stardist.features["fr"] == ["noyaux ronds"]
    assert set(stardist.edited_fields) == {"aliases", "features"}


def test_too_many_aliases_are_refused_with_a_message_and_kept(client, catalogue):
    stardist = entry("stardist")
    client.force_login(CoordinatorFactory())
    typed = "\n".join(f"a rather long alias number {i}" for i in range(15))
    response = client.post(
        reverse("catalogue:entry_edit", args=[stardist.pk]), edit_data(stardist, aliases=typed)
    )
    assert response.status_code == 200
    assert "at most 300 fit" in response.text
    assert "a rather long alias number 14" in response.text  # nothing lost
    assert entry("stardist").term.synonyms == stardist.term.synonyms


def test_an_analyst_writes_an_article_requesters_read_it_once_published(client, catalogue):
    analyst = AnalystFactory()
    client.force_login(analyst)
    data = {
        "slug": "export-czi",
        "title_en": "How to export from a .czi file",
        "body_en": "Open it in Fiji with *Bio-Formats*.\n\n<script>alert(1)</script>",
        "title_fr": "Exporter depuis un fichier .czi",
        "body_fr": "Ouvrez-le dans Fiji.",
        "entries": [entry("fiji").pk],
    }
    response = client.post(reverse("catalogue:article_create"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="export-czi")
    assert article.author == analyst and not article.published

    client.force_login(RequesterFactory())
    assert client.get(article.get_absolute_url()).status_code == 404  # a draft
    assert client.get(reverse("catalogue:article_create")).status_code == 403

    client.force_login(analyst)
    client.post(reverse("catalogue:article_edit", args=[article.pk]), {**data, "published": "on"})
    client.force_login(RequesterFactory())
    page = client.get(article.get_absolute_url()).text
    assert "<em>Bio-Formats</em>" in page
    assert "<script>alert(1)" not in page  # raw HTML is shown as text, never run
    listed = client.get(reverse("catalogue:articles")).text
    assert "How to export from a .czi file" in listed and "Why touching objects" in listed


def test_an_article_without_english_text_is_refused_and_kept(client):
    client.force_login(AnalystFactory())
    response = client.post(
        reverse("catalogue:article_create"),
        {"slug": "zstack", "title_fr": "Une pile en z", "body_fr": "Texte."},
    )
    assert response.status_code == 200
    assert "Une pile en z" in response.text
    assert not Article.objects.filter(slug="zstack").exists()


def test_the_catalogue_list_costs_the_same_queries_for_many_entries(client, catalogue):
    client.force_login(RequesterFactory())
    url = reverse("catalogue:home")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for i in range(30):
        ExpertiseTermFactory(family=ExpertiseFamily.TOOL, name=f"Extra tool {i}")
    assert CatalogueEntry.objects.filter(kind=EntryKind.APPLICATION).count() > 30
    assert queries() <= few + 1  # the names' cache may look again once
