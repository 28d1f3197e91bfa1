"""Free text people type: bidirectional controls in names and titles, and length limits."""

import re

TEXT_LIMIT = 10_000
"""Characters at most in a free-text field (a description, a comment, advice)."""

LINE_LIMIT = 300
"""Characters at most in a one-line field that declares no limit of its own."""

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
"""Marks, embeddings, overrides and isolates: invisible, they reorder what follows (an
"exe.pdf" shown as "fdp.exe") and spoof names in lists."""


def without_bidi_controls(value):
    """The text without bidirectional control characters; anything else as it is."""
    return BIDI_CONTROLS.sub("", value) if isinstance(value, str) else value
