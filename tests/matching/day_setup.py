"""Filling an open-desk day for the allocation tests: available analysts, waiting requests."""

from biafed.opendesk.models import Booking
from tests.factories import AnalystFactory, declare_available, submitted_booking


def analysts_available(day, count, *, slots=None, **factory_kwargs) -> list:
    """`count` new analysts (AnalystFactory arguments), available in `slots` (all the day's)."""
    people = [AnalystFactory(**factory_kwargs) for _ in range(count)]
    for person in people:
        declare_available(person, *(slots if slots is not None else day.slots.all()))
    return people


def booking_about(day, term, *, slot_index=0, **kwargs) -> Booking:
    """A submitted booking on `day` whose topic is the expertise `term`."""
    booking = submitted_booking(day=day, slot_index=slot_index, **kwargs)
    booking.topics.set([term])
    return booking
