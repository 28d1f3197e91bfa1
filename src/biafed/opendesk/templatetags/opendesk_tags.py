"""`{% day_readiness day as r %}`: how many bookings of an open-desk day have their data;
`{{ member.explanation_parts|explained:member.explanation }}`: why an analyst sits on a
panel, in the viewer's language; `{% booking_sections as sections %}`: the templates other
apps add to the booking page."""

from django import template

from biafed.intake.services.files import readiness
from biafed.opendesk.models import ACTIVE_STATUSES
from biafed.opendesk.registry import booking_sections as registered_sections
from biafed.opendesk.registry import render_explanation

register = template.Library()


@register.simple_tag
def day_readiness(day) -> dict:
    """Data readiness of the bookings that hold a place on an open-desk day (one query)."""
    return readiness(day.bookings.filter(status__in=ACTIVE_STATUSES))


@register.filter
def explained(parts, text=""):
    """The engine's pieces `parts` rendered in the active language, else `text`."""
    return render_explanation(parts, text)


@register.simple_tag
def booking_sections() -> list[str]:
    return registered_sections()
