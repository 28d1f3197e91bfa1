from django import template

from biafed.common.formatting import format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    """{{ effort.hours|hours }} -> "6.5" ("6,5" in French); see common.formatting."""
    return format_hours(value)
