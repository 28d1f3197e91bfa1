"""Sentences of the engine that people read, kept translatable without Django.

The engine runs in a background task (no viewer, so no language) and its
explanations and reasons are shown later to people who read other languages. So
besides the English text it also gives them as a *message*: a sequence of pieces
``(msgid, params)``, each msgid an English format string with named placeholders,
marked with `gettext_noop` so that Django's ``makemessages`` (xgettext, by keyword
name) extracts it. A param is a plain value (a term name, a number) or a list of
messages, written one after the other with ", ". A message's pieces are written
with "; ".

`render(message)` gives the English text (the identity translation); the Django side
renders the same stored pieces with gettext in the viewer's language
(`biafed.matching.explain`). Messages are JSON-ready once tuples become lists.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Piece = tuple[str, dict[str, Any]]  # (msgid, params)
Message = tuple[Piece, ...]

PIECE_SEPARATOR = "; "
LIST_SEPARATOR = ", "


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; it is translated when shown, not here."""
    return message


def piece(msgid: str, **params: Any) -> Piece:
    return (msgid, params)


def one(msgid: str, **params: Any) -> Message:
    """A message of one piece."""
    return ((msgid, params),)


def _identity(message: str) -> str:
    return message


def render(message: Iterable[Sequence[Any]], translate: Callable[[str], str] = _identity) -> str:
    """The text of `message` (pieces as tuples, or lists once read back from JSON)."""
    return PIECE_SEPARATOR.join(_piece(p, translate) for p in message)


def _piece(p: Sequence[Any], translate: Callable[[str], str]) -> str:
    msgid, params = p[0], p[1] if len(p) > 1 else {}
    text = translate(msgid)
    if not params:
        return text
    values = {
        key: (
            LIST_SEPARATOR.join(render(item, translate) for item in value)
            if isinstance(value, list | tuple)
            else value
        )
        for key, value in params.items()
    }
    try:
        return str(text % values)
    except (KeyError, ValueError, TypeError):  # a broken translation: the English instead
        return str(msgid % values)
