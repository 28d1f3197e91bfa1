"""The allocation engine's explanations and reasons in the viewer's language.

The engine (no Django) gives each explanation, reason not held and solver message
both as English text and as pieces ``(msgid, params)`` (`engine/messages.py`); both
are stored (the run's proposal, `PanelMember.explanation_parts`). At display time
the pieces are rendered with gettext in the active language; rows stored before the
pieces existed show their text. Term names stay as they are in the vocabulary.
"""

from django.utils.translation import gettext

from biafed.matching.engine.messages import render


def explain(parts, text: str = "") -> str:
    """`parts` rendered in the active language, or `text` when there are none."""
    if not parts:
        return text or ""
    try:
        return render(parts, gettext)
    except (TypeError, ValueError, KeyError, IndexError):  # stored pieces of another shape
        return text or ""
