"""The coordinator's team page explains the suggestion in the viewer's language.

The engine's project mode gives its explanations and reasons as translatable pieces;
the page renders them with gettext when it is viewed (`biafed.matching.explain`).
"""

import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from biafed.matching.explain import explain
from biafed.people.models import ExpertiseFamily
from tests.factories import AnalystFactory, CoordinatorFactory, ExpertiseTermFactory
from tests.projects.factories import accepted_project, with_capacity

pytestmark = pytest.mark.django_db


def _texts(page: str, testid: str, tag: str) -> list[str]:
    pattern = rf'data-testid="{testid}"[^>]*>.*?<{tag}>(.*?)</{tag}>'
    return [html.unescape(t) for t in re.findall(pattern, page, re.S)]


def _reason(page: str) -> str:
    found = re.search(r'data-testid="suggestion-reason">(.*?)</p>', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def _page(client, project, language: str):
    url = reverse("projects:team", args=[project.pk])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


def test_a_french_coordinator_reads_the_lead_and_the_missing_mentor_in_french(client):
    coordinator = CoordinatorFactory()
    tracking = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Tracking")
    with_capacity(AnalystFactory(full_name="Lena Lead", expertise={tracking: "expert"}), 40)
    project = accepted_project(coordinator=coordinator)
    project.topics.set([tracking])
    client.force_login(coordinator)

    french = _page(client, project, "fr")
    english = _page(client, project, "en")

    suggestion = french.context["suggestion"]
    assert suggestion.lead.analyst.full_name == "Lena Lead"
    assert suggestion.mentor is None
    assert suggestion.lead.remaining == Decimal("40")
    facility = suggestion.lead.analyst.analyst_profile.host_facility
    sites = {facility.pk: facility.name}
    with translation.override("fr"):
        lead_in_french = explain(suggestion.lead.why_parts, sites=sites)
        reason_in_french = explain(suggestion.reason_parts, sites=sites)
    french_page, english_page = french.content.decode(), english.content.decode()
    # The lead's explanation: French sentences around the term name, as the catalogue has them.
    assert _texts(french_page, "suggested-lead", "small") == [lead_in_french]
    assert lead_in_french.startswith("correspondances\u00a0: Suivi d’objets (expert)")
    assert "matched:" not in french_page
    # Why there is no mentor: the engine's pieces, rendered in French.
    assert suggestion.reason_parts[0][0].startswith("no eligible mentor from another site")
    assert _reason(french_page) == reason_in_french
    # The English page is unchanged: the engine's own English text.
    english_lead = english.context["suggestion"].lead.why
    assert english_lead.startswith("matched: Tracking (expert)")
    assert english_lead.endswith("; 40 h left")
    assert _texts(english_page, "suggested-lead", "small") == [english_lead]
    # Sites are named by their host facility, not numbered.
    assert _reason(english_page) == (
        f"no eligible mentor from another site than the lead's ({facility.name})"
    )
    assert f"(site {facility.pk})" not in english_page


def test_a_suggested_mentor_is_named_by_host_facility(client):
    coordinator = CoordinatorFactory()
    tracking = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Tracking")
    lead = with_capacity(AnalystFactory(full_name="Lena Lead", expertise={tracking: "expert"}), 40)
    mentor = with_capacity(
        AnalystFactory(full_name="Max Mentor", expertise={tracking: "expert"}), 4
    )
    project = accepted_project(coordinator=coordinator)
    project.topics.set([tracking])
    client.force_login(coordinator)

    page = _page(client, project, "en").content.decode()

    facilities = [p.analyst_profile.host_facility for p in (lead, mentor)]
    mentors = _texts(page, "suggested-mentor", "small")
    assert mentors, "a mentor from the other facility is suggested"
    assert any(mentors[0].endswith(f"at {f.name}") for f in facilities), mentors[0]
    assert all(f"site {f.pk}" not in page for f in facilities)
    assert 'data-testid="what-next"' not in page


def test_no_mentor_is_a_dead_end_with_advice_on_what_to_do_next(client):
    coordinator = CoordinatorFactory()
    tracking = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Tracking")
    with_capacity(AnalystFactory(full_name="Lena Lead", expertise={tracking: "expert"}), 40)
    project = accepted_project(coordinator=coordinator)
    project.topics.set([tracking])
    client.force_login(coordinator)

    page = _page(client, project, "en").content.decode()

    assert 'data-testid="no-mentor"' in page
    advice = page[page.index('data-testid="what-next"') :]
    assert "ask the analysts' host-facility managers to approve more project time" in html.unescape(
        advice
    )
    assert reverse("projects:capacity") in advice
    assert reverse("people:directory") in advice
