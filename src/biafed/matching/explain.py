"""The allocation engine's explanations and reasons in the viewer's language.

The engine (no Django) gives each explanation, reason not held and solver message
both as English text and as pieces ``(msgid, params)`` (`engine/messages.py`); both
are stored (the run's proposal, `PanelMember.explanation_parts`). At display time
the pieces are rendered with gettext in the active language; rows stored before the
pieces existed show their text. Shipped term names are translated (people/vocabulary.py);
language codes ("speaks fr") become the language's name in the viewer's language, and
hours are written with the viewer's decimal separator. Given the host facilities' names
(`sites`, id → name), the project mode's "site 3" becomes the facility's name.
"""

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, gettext, gettext_noop

from biafed.matching.engine import render
from biafed.people.vocabulary import term_name

# The engine's pieces naming a site by its id, and the same words naming the host facility.
SITE_NAMED = {
    "site %(site)s": gettext_noop("at %(site)s"),
    "no eligible mentor from another site than the lead's (site %(site)s)": gettext_noop(
        "no eligible mentor from another site than the lead's (%(site)s)"
    ),
}


def explain(parts, text: str = "", sites: Mapping | None = None) -> str:
    """`parts` rendered in the active language, or `text` when there are none; with `sites`
    (host facility id → name), sites are named instead of numbered."""
    if not parts:
        return text or ""
    try:
        return render(_localised(parts, sites or {}), gettext)
    except (TypeError, ValueError, KeyError, IndexError):  # stored pieces of another shape
        return text or ""


# Languages whose names are common nouns, written in lower case inside a sentence.
LOWER_CASE_LANGUAGE_NAMES = {"fr", "es", "it", "pt", "ca"}


def _language_name(code) -> str:
    try:
        name = get_language_info(str(code))["name_translated"]
    except KeyError:
        return str(code)
    if (get_language() or "en").split("-")[0] in LOWER_CASE_LANGUAGE_NAMES:
        name = name[:1].lower() + name[1:]
    return name


def _local_number(value) -> str:
    try:
        return number_format(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


LOCALISED_PARAMS = {"language": _language_name, "hours": _local_number, "term": term_name}


def _localised(message, sites: Mapping):
    """`message` with each `language` param (a code) replaced by the language's name, each
    `hours` param written as a number of the viewer's language, and each `site` known to
    `sites` replaced by its host facility's name."""
    pieces = []
    for p in message:
        msgid, params = p[0], dict(p[1]) if len(p) > 1 else {}
        if msgid in SITE_NAMED and params.get("site") in sites:
            msgid, params["site"] = SITE_NAMED[msgid], sites[params["site"]]
        for key, value in params.items():
            if key in LOCALISED_PARAMS:
                params[key] = LOCALISED_PARAMS[key](value)
            elif isinstance(value, list | tuple):
                params[key] = [_localised(item, sites) for item in value]
        pieces.append((msgid, params))
    return pieces
