"""Automated accessibility check (axe-core, from the npm registry) on the main pages of
each role: no serious or critical violation.

axe runs through Playwright's evaluate (a DevTools call), which the site's
Content-Security-Policy does not block, so the pages are checked as served."""

from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, verified
from tests.security.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_violations(page, exclude: str = "") -> list[str]:
    """Serious and critical axe violations; `exclude` leaves out a third-party widget."""
    page.evaluate(AXE.read_text() + "\n;0")
    context = f"{{exclude: [['{exclude}']]}}" if exclude else "document"
    result = page.evaluate(
        f"async () => (await axe.run({context}, {{resultTypes: ['violations']}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"
    )
    return [
        f"{page.url}: [{v['impact']}] {v['id']}: {v['help']} at {v['nodes']}"
        for v in result
        if v["impact"] in SERIOUS
    ]


def pages_of(world) -> dict:
    kw = world.kwargs
    booking, project, day = kw["booking_id"], kw["project_id"], kw["day_id"]
    return {
        "owner": [
            reverse("home"),
            reverse("opendesk:day_list"),
            reverse("opendesk:booking_list"),
            reverse("opendesk:booking_detail", args=[booking]),
            reverse("opendesk:booking_edit", args=[booking]),
            reverse("projects:home"),
            reverse("projects:detail", args=[project]),
            reverse("notifications"),
            reverse("opendesk:cancel", args=[booking]),  # a confirmation page
            reverse("catalogue:home"),
            reverse("catalogue:entry", args=[kw["pk"]["term"]]),
            reverse("catalogue:articles"),
            reverse("catalogue:article", args=[kw["pk"]["article"]]),
            reverse("integrations:tokens"),
            reverse("api:docs"),
        ],
        "panel_analyst": [
            reverse("home"),
            reverse("opendesk:my_sessions"),
            reverse("opendesk:availability", args=[day]),
            reverse("people:my_profile"),
            reverse("people:directory"),
            reverse("catalogue:entry", args=[kw["pk"]["term"]]),
            reverse("catalogue:article_create"),
            reverse("opendesk:outcome", args=[booking]),
            reverse("projects:effort", args=[project]),
        ],
        "committee": [reverse("home"), reverse("projects:home")],
        "facility_manager": [
            reverse("home"),
            reverse("billing:statements"),
            reverse("billing:statement", args=[kw["facility_id"]]),
            reverse("projects:capacity"),
            reverse("people:facility", args=[kw["facility_id"]]),
        ],
        "coordinator": [
            reverse("home"),
            reverse("opendesk:day_dashboard", args=[day]),
            reverse("matching:day", args=[day]),
            reverse("opendesk:panel_edit", args=[booking]),
            reverse("opendesk:booking_list"),
            reverse("projects:queue"),
            reverse("projects:team", args=[project]),
            reverse("billing:home"),
            reverse("billing:invoice_list"),
            reverse("billing:ledger"),
            reverse("people:members"),
            reverse("people:vocabulary"),
            reverse("catalogue:entry_edit", args=[kw["pk"]["term"]]),
            reverse("reporting:home"),
            reverse("opendesk:close_registration", args=[day]),  # confirmation pages
            reverse("billing:issue_quote", args=[project]),
            reverse("integrations:webhooks"),
            reverse("integrations:webhook_detail", args=[kw["pk"]["webhook"]]),
        ],
    }


ACCOUNT_PAGES = ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/")


def test_booking_form_help_texts_are_linked_to_their_fields(browser, open_page):
    """Every aria-describedby on the guided booking form points at an element that exists."""
    from tests.factories import BookingFactory

    draft = BookingFactory()
    verified(draft.requester)
    page = open_page(draft.requester, PASSWORD)
    page.goto(reverse("opendesk:booking_edit", args=[draft.pk]))
    dangling = page.evaluate(
        "() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e =>"
        " e.getAttribute('aria-describedby').split(' ').filter(id => !document.getElementById(id)))"
    )
    assert page.locator("[aria-describedby]").count() > 3
    assert dangling == []
    assert axe_violations(page) == []


def test_main_pages_of_each_role_have_no_serious_accessibility_violation(
    browser, live_server, open_page
):
    world = build_world()
    found = []
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    for url in ACCOUNT_PAGES:
        page.goto(url)
        found += axe_violations(page)
    context.close()
    for person, urls in pages_of(world).items():
        user = world.people[person]
        verified(user)
        page = open_page(user, PASSWORD)
        for url in urls:
            page.goto(url)
            if url == reverse("api:docs"):
                # Swagger UI (third party) nests buttons and draws low-contrast method
                # badges: its widget is left out; the page around it is checked.
                page.wait_for_selector(".swagger-ui .info .title")
                found += axe_violations(page, exclude=".swagger-ui")
                continue
            found += axe_violations(page)
    assert found == [], "\n".join(found)


def overflowing(page) -> str:
    """'' when nothing scrolls sideways, else by how much and the elements that stick out."""
    return page.evaluate(
        """() => {
        const extra = document.documentElement.scrollWidth - window.innerWidth;
        if (extra <= 0) return "";
        const out = [...document.body.querySelectorAll("*")]
          .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
          .slice(0, 4).map(e => e.tagName.toLowerCase() + "." + [...e.classList].join("."));
        return extra + " px: " + out.join(", ");
      }"""
    )


def test_pages_fit_a_laptop_window_and_requester_pages_a_phone(open_page):
    """Wide tables scroll inside their card; the page itself never scrolls sideways, in
    English and in French (longer words), at 1280 px and, for requesters, at 390 px."""
    world = build_world()
    too_wide = []
    for person, urls in pages_of(world).items():
        verified(world.people[person])
        page = open_page(world.people[person], PASSWORD)
        widths = (1280, 390) if person == "owner" else (1280,)
        for language in ("en", "fr"):
            page.context.add_cookies(
                [{"name": "django_language", "value": language, "url": page.url}]
            )
            for width in widths:
                page.set_viewport_size({"width": width, "height": 800})
                for url in urls:
                    page.goto(url)
                    if extra := overflowing(page):
                        too_wide.append(f"{url} as {person}, {language}, {width} px: {extra}")
    assert too_wide == [], "\n".join(too_wide)
