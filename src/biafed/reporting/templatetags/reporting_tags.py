from django import template

from biafed.reporting.selectors import hours as format_hours

register = template.Library()


@register.filter
def hours(value) -> str:
    return format_hours(value)
