"""`{% day_readiness day as r %}`: how many bookings of an open-desk day have their data."""

from django import template

from biafed.intake.services.files import readiness
from biafed.opendesk.models import ACTIVE_STATUSES

register = template.Library()


@register.simple_tag
def day_readiness(day) -> dict:
    """Data readiness of the bookings that hold a place on an open-desk day (one query)."""
    return readiness(day.bookings.filter(status__in=ACTIVE_STATUSES))
