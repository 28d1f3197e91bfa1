"""In a real browser: a requester searches the catalogue in French, a coordinator adds an
alias, an analyst writes an article requesters then read."""

import pytest
from playwright.sync_api import expect

from biafed.catalogue.models import Article, CatalogueEntry
from tests.catalogue.conftest import import_fixture
from tests.factories import PASSWORD, AnalystFactory, CoordinatorFactory, RequesterFactory, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_in_french_edit_an_entry_and_write_an_article(open_page):
    import_fixture()
    stardist = CatalogueEntry.objects.get(slug="stardist")
    requester, coordinator, analyst = RequesterFactory(), CoordinatorFactory(), AnalystFactory()
    for person in (requester, coordinator, analyst):
        verified(person)

    # A requester types a problem in French, without the tool's name.
    page = open_page(requester, PASSWORD)
    page.goto("/")
    page.context.add_cookies([{"name": "django_language", "value": "fr", "url": page.url}])
    page.goto("/catalogue/")
    page.locator("#id_q").press_sequentially("noyaux qui se touchent", delay=5)
    row = page.locator("[data-testid=entry-row]", has_text="StarDist")
    expect(page.locator("[data-testid=entry-row]")).to_have_count(1)  # htmx, no reload
    row.get_by_role("link", name="StarDist").click()
    assert "Trouve les noyaux ronds" in page.inner_text("[data-testid=entry-description]")
    assert page.get_by_role("link", name="Modifier cette entrée").count() == 0

    # The coordinator adds an alias; the entry page shows it at once.
    page = open_page(coordinator, PASSWORD)
    page.goto(f"/catalogue/{stardist.pk}/edit/")
    page.fill("#id_aliases", "stardist 3d\nstar-convex nuclei")
    page.click("form.card button")
    page.wait_for_selector("text=Catalogue entry saved.")
    assert "star-convex nuclei" in page.inner_text("main")

    # An analyst writes and publishes an article; the requester reads it.
    page = open_page(analyst, PASSWORD)
    page.goto("/catalogue/articles/new/")
    page.fill("#id_slug", "export-czi")
    page.fill("#id_title_en", "How to export from a .czi file")
    page.fill("#id_body_en", "Open it in Fiji with *Bio-Formats*.")
    page.check("#id_published")
    page.click("form.card button")
    page.wait_for_selector("text=Article saved.")
    article = Article.objects.get(slug="export-czi")
    assert article.author == analyst and article.published

    page = open_page(requester, PASSWORD)
    page.goto("/catalogue/articles/")
    page.get_by_role("link", name="How to export from a .czi file").click()
    assert page.inner_html("[data-testid=article-body]").count("<em>Bio-Formats</em>") == 1
