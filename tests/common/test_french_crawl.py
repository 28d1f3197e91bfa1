"""With the interface in French (or Brazilian Portuguese), no page shows untranslated
English or raw placeholders.

Every page of biafed (the URL patterns of the permission matrix) is requested by several
people of the matrix world (tests/security/world.py) with the language cookie set to
French, then to Brazilian Portuguese. The visible text of each page (text nodes outside
<script>, <style> and <textarea>) must not contain, as a whole text node, an English
message of the catalogue whose translation differs (a string shown without `{% translate %}`), nor a raw "site 3" or
"(s)" (a plural written as "file(s)").
"""

import gettext
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import to_locale

from tests.security.test_permission_matrix import (
    declared,
    read_to_the_end,
    url_for,
    url_patterns,
)
from tests.security.world import PEOPLE, build_world

pytestmark = pytest.mark.django_db

CRAWLERS = ("anonymous", "owner", "panel_analyst", "committee", "facility_manager", "coordinator")
HIDDEN = ("script", "style", "textarea")
RAW_PATTERNS = re.compile(r"\bsite \d+\b|\w\(s\)")


class VisibleText(HTMLParser):
    """The stripped text nodes of a page, without scripts, styles and the stored text being
    edited in a <textarea> (data, not interface)."""

    def __init__(self):
        super().__init__()
        self.nodes: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._hidden:
            self.nodes.append(text)


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.nodes


def english_with_a_translation(language: str = "fr") -> set[str]:
    """Messages of biafed's catalogue whose text in `language` is not the English, except
    English words that are also a translation there (Portuguese "Data" is "Date")."""
    path = settings.LOCALE_PATHS[0] / to_locale(language) / "LC_MESSAGES" / "django.mo"
    with open(path, "rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    found = set()
    for msgid, msgstr in catalogue.items():
        if isinstance(msgid, tuple):  # a plural form: (msgid, index)
            continue
        if msgid and msgstr and msgstr != msgid and re.search(r"[A-Za-z]{3}", msgid):
            if "%" not in msgid and "{" not in msgid:
                found.add(" ".join(msgid.split()))
    translated = {" ".join(str(msgstr).split()) for msgstr in catalogue.values()}
    return found - translated


# French covers the site; Brazilian Portuguese is crawled too, as the newest catalogue.
@pytest.mark.parametrize("language", ["fr", "pt-br"])
def test_no_page_shows_english_or_raw_plurals(language):
    world = build_world()
    english = english_with_a_translation(language)
    table = declared()
    problems = []
    for person in CRAWLERS:
        client = Client()
        user = world.people[person]
        if user is not None:
            client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        column = PEOPLE.index(person)
        for name, _route, pattern in sorted(url_patterns()):
            row = table[name]
            if row.expected[column] != 200:
                continue
            url = url_for(name, pattern, row, world.kwargs)
            response = client.get(url)
            read_to_the_end(response)  # not close(): it would end the PostgreSQL connection
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for node in visible_text(response.content.decode()):
                if node in english:
                    problems.append(f"{url} as {person}: English “{node}”")
                if RAW_PATTERNS.search(node):
                    problems.append(f"{url} as {person}: raw “{node}”")
    translation.activate(settings.LANGUAGE_CODE)
    assert problems == [], "\n".join(sorted(set(problems)))
