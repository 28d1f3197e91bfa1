"""The catalogue of every language of the site translates every message (docs/translations.md)."""

import re

import pytest
from django.conf import settings
from django.utils.translation import to_locale

ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$')


def entries(path):
    """(msgid, [msgstr...], fuzzy) of each live entry of a .po file."""
    for block in path.read_text("utf-8").split("\n\n"):
        fields, current, fuzzy = {}, None, False
        for line in block.splitlines():
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            elif match := ENTRY.match(line):
                current = match.group(1)
                fields[current] = match.group(2)
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy


OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_is_translated(language):
    path = settings.LOCALE_PATHS[0] / to_locale(language) / "LC_MESSAGES" / "django.po"
    missing = [msgid for msgid, strs, fuzzy in entries(path) if fuzzy or "" in strs]
    assert missing == [], f"{language}: translate these (docs/translations.md)"


def test_every_language_of_the_site_has_a_compiled_catalogue():
    """A language in LANGUAGES without its .mo would show English under its own name."""
    for language in OTHER_LANGUAGES:
        assert (
            settings.LOCALE_PATHS[0] / to_locale(language) / "LC_MESSAGES" / "django.mo"
        ).exists()
