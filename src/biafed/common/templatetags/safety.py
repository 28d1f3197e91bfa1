"""Filters for showing what people typed, safely, including rows stored before the checks:
`web_link` keeps only http(s) links for an href."""

from django import template

from biafed.common.validators import is_web_link

register = template.Library()


@register.filter
def web_link(value) -> str:
    """The link if it is an http(s) web link, else "" (no javascript: or data: href)."""
    value = str(value or "").strip()
    return value if is_web_link(value) else ""
