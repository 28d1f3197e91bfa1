"""Changing an open-desk day once requesters have booked places in it."""

import pytest

from biafed.common.errors import BusinessRuleError
from biafed.opendesk.models import Booking
from biafed.opendesk.services.bookings import places_left
from biafed.opendesk.services.days import DAY_FIELDS, update_day
from tests.factories import CoordinatorFactory, OpenDeskDayFactory, submitted_booking

pytestmark = pytest.mark.django_db


def fields_of(day, **changes) -> dict:
    return {**{key: getattr(day, key) for key in DAY_FIELDS}, **changes}


def test_update_day_moving_the_sessions_once_booked_refused():
    day = OpenDeskDayFactory()
    submitted_booking(day=day)

    with pytest.raises(BusinessRuleError) as excinfo:
        update_day(
            coordinator=CoordinatorFactory(),
            day=day,
            **fields_of(day, first_slot_start=day.first_slot_start.replace(hour=9)),
        )

    assert excinfo.value.messages == [
        "The date and sessions cannot change once requesters have booked or analysts have "
        "declared availability."
    ]
    assert day.slots.get(index=0).starts_at == day.slot_start(0)


def test_update_day_adding_a_room_gives_every_session_one_more_place():
    day = OpenDeskDayFactory(rooms_per_slot=2)
    submitted_booking(day=day)

    day = update_day(coordinator=CoordinatorFactory(), day=day, **fields_of(day, rooms_per_slot=3))

    assert sorted(places_left(day).values()) == [2, 3, 3]


def test_update_day_removing_a_room_that_is_booked_refused():
    day = OpenDeskDayFactory(rooms_per_slot=3)
    for _ in range(3):
        submitted_booking(day=day, slot_index=0)

    with pytest.raises(BusinessRuleError):
        update_day(coordinator=CoordinatorFactory(), day=day, **fields_of(day, rooms_per_slot=2))

    day.refresh_from_db()
    assert day.rooms_per_slot == 3
    assert Booking.objects.filter(slot__day=day, room=3).count() == 1
