"""`{{ seat.why_parts|explained:seat.why }}`: an engine explanation in the viewer's language;
`{% explain_named c.why_parts c.why sites=site_names %}` also names host facilities instead of
"site 3" (the names mapping comes from the view, one query for the page)."""

import rules
from django import template

from biafed.matching.explain import explain
from biafed.matching.services import similar
from biafed.opendesk.models import BookingStatus

register = template.Library()


@register.filter
def explained(parts, text=""):
    """The engine's pieces `parts` rendered in the active language, else `text`."""
    return explain(parts, text)


@register.simple_tag
def explain_named(parts, text="", sites=None):
    """As `explained`, naming sites from `sites` (host facility id → name)."""
    return explain(parts, text, sites)


@register.simple_tag
def similar_consultations(booking, user):
    """Past consultations like `booking`, as `user` may see them: the cases with their
    outcome for its panel and coordinators, only the tools that helped for its requester."""
    if not booking.pk or booking.status == BookingStatus.DRAFT:
        return {}
    found = similar.similar_to(booking)
    if rules.has_perm("matching.view_similar_cases", user, booking):
        return {"cases": found, "tools": similar.tools_that_helped(found)}
    if booking.requester_id == user.pk:
        return {"tools": similar.tools_that_helped(found)}
    return {}
