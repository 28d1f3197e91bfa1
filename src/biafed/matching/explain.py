"""The allocation engine's explanations and reasons in the viewer's language.

The engine (no Django) gives each explanation, reason not held and solver message
both as English text and as pieces ``(msgid, params)`` (`engine/messages.py`); both
are stored (the run's proposal, `PanelMember.explanation_parts`). At display time
the pieces are rendered with gettext in the active language; rows stored before the
pieces existed show their text. Term names stay as they are in the vocabulary;
language codes ("speaks fr") become the language's name in the viewer's language, and
hours are written with the viewer's decimal separator.
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language, get_language_info, gettext

from biafed.matching.engine import render


def explain(parts, text: str = "") -> str:
    """`parts` rendered in the active language, or `text` when there are none."""
    if not parts:
        return text or ""
    try:
        return render(_localised(parts), gettext)
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


LOCALISED_PARAMS = {"language": _language_name, "hours": _local_number}


def _localised(message):
    """`message` with each `language` param (a code) replaced by the language's name, and
    each `hours` param written as a number of the viewer's language."""
    pieces = []
    for p in message:
        msgid, params = p[0], dict(p[1]) if len(p) > 1 else {}
        for key, value in params.items():
            if key in LOCALISED_PARAMS:
                params[key] = LOCALISED_PARAMS[key](value)
            elif isinstance(value, list | tuple):
                params[key] = [_localised(item) for item in value]
        pieces.append((msgid, params))
    return pieces
