"""`{{ seat.why_parts|explained:seat.why }}`: an engine explanation in the viewer's language;
`{% explain_named c.why_parts c.why sites=site_names %}` also names host facilities instead of
"site 3" (the names mapping comes from the view, one query for the page)."""

from django import template

from biafed.matching.explain import explain

register = template.Library()


@register.filter
def explained(parts, text=""):
    """The engine's pieces `parts` rendered in the active language, else `text`."""
    return explain(parts, text)


@register.simple_tag
def explain_named(parts, text="", sites=None):
    """As `explained`, naming sites from `sites` (host facility id → name)."""
    return explain(parts, text, sites)
