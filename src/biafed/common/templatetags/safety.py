"""Filters for showing what people typed, safely, including rows stored before the checks:
`web_link` keeps only http(s) links for an href, `no_bidi` drops bidirectional controls."""

from django import template

from biafed.common.text import without_bidi_controls
from biafed.common.validators import is_web_link

register = template.Library()


@register.filter
def web_link(value) -> str:
    """The link if it is an http(s) web link, else "" (no javascript: or data: href)."""
    value = str(value or "").strip()
    return value if is_web_link(value) else ""


@register.filter
def no_bidi(value):
    """A name or title without bidirectional controls (rows saved before they were
    stripped): "{{ booking.title|no_bidi }}"."""
    return without_bidi_controls(value if isinstance(value, str) else str(value or ""))
