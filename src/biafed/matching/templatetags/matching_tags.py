"""`{{ seat.why_parts|explained:seat.why }}`: an engine explanation in the viewer's language."""

from django import template

from biafed.matching.explain import explain

register = template.Library()


@register.filter
def explained(parts, text=""):
    """The engine's pieces `parts` rendered in the active language, else `text`."""
    return explain(parts, text)
