from django import template

from biafed.common.formatting import format_hours
from biafed.reporting.exports import display

register = template.Library()


@register.filter
def hours(value) -> str:
    return format_hours(value)


@register.filter
def indicator_value(value) -> str:
    """A number, a breakdown written "part: n, …", or a dash when there is nothing to count."""
    return display(value)


@register.filter
def is_breakdown(value) -> bool:
    return isinstance(value, dict)


@register.filter
def lookup(mapping, key):
    return (mapping or {}).get(key)
