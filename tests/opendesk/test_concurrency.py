"""Races the database must decide: the last place, the same panel, the same analyst.

Each race runs the two contenders in two threads, each with its own database
connection, released together by a barrier. Only PostgreSQL runs these: SQLite
serialises every writer, so there is nothing to race.
"""

from biafed.opendesk.models import Booking, BookingStatus, PanelMember
from biafed.opendesk.services.bookings import submit_booking
from biafed.opendesk.services.panels import set_panel
from biafed.people.models import User
from tests.concurrency import POSTGRES_RACES, outcomes, race
from tests.factories import (
    AnalystFactory,
    BookingFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    submitted_booking,
)

pytestmark = POSTGRES_RACES

ROUNDS = 5


def last_place_round():
    day = OpenDeskDayFactory(rooms_per_slot=2)
    slot = day.slots.get(index=0)
    submitted_booking(day=day)  # one of the two rooms is taken
    drafts = [BookingFactory(day=day), BookingFactory(day=day)]

    def contender(booking_id):
        def submit():
            booking = Booking.objects.select_related("day", "requester").get(pk=booking_id)
            return submit_booking(requester=booking.requester, booking=booking, slot=slot).pk

        return submit

    results = race(*(contender(d.pk) for d in drafts))

    assert outcomes(results) == ["ok", "refused"], results
    (refused,) = [message for kind, message in results if kind == "refused"]
    assert refused == ("The 14:00–15:00 session has just been fully booked; please choose another.")
    placed = Booking.objects.filter(slot=slot, room__isnull=False)
    assert placed.count() == day.rooms_per_slot
    assert sorted(placed.values_list("room", flat=True)) == [1, 2]
    statuses = Booking.objects.filter(pk__in=[d.pk for d in drafts]).values_list(
        "status", flat=True
    )
    assert sorted(statuses) == [BookingStatus.DRAFT, BookingStatus.SUBMITTED]


def test_submit_booking_last_place_goes_to_exactly_one_requester():
    for _ in range(ROUNDS):
        last_place_round()


def same_panel_round():
    booking = submitted_booking()
    version = booking.panel_version
    plans = [
        (CoordinatorFactory().pk, [AnalystFactory().pk, AnalystFactory().pk]),
        (CoordinatorFactory().pk, [AnalystFactory().pk, AnalystFactory().pk]),
    ]

    def contender(coordinator_id, team):
        def save():
            return set_panel(
                coordinator=User.objects.get(pk=coordinator_id),
                booking=Booking.objects.get(pk=booking.pk),
                analysts=list(User.objects.filter(pk__in=team).order_by("pk")),
                expected_version=version,
            ).pk

        return save

    results = race(*(contender(*plan) for plan in plans))

    assert outcomes(results) == ["ok", "refused"], results
    (refused,) = [message for kind, message in results if kind == "refused"]
    assert refused.startswith("Someone else changed this booking while you were editing it.")
    booking.refresh_from_db()
    assert booking.panel_version == version + 1
    assert booking.status == BookingStatus.ALLOCATED
    _, winners = plans[[kind for kind, _ in results].index("ok")]
    assert sorted(booking.panel.values_list("analyst_id", flat=True)) == sorted(winners)


def test_set_panel_same_booking_same_version_exactly_one_coordinator_wins():
    for _ in range(ROUNDS):
        same_panel_round()


def same_analyst_round():
    day = OpenDeskDayFactory()
    first, second = submitted_booking(day=day), submitted_booking(day=day)
    shared = AnalystFactory()
    plans = [
        (CoordinatorFactory().pk, first.pk, [shared.pk, AnalystFactory().pk]),
        (CoordinatorFactory().pk, second.pk, [shared.pk, AnalystFactory().pk]),
    ]

    def contender(coordinator_id, booking_id, team):
        def save():
            booking = Booking.objects.get(pk=booking_id)
            return set_panel(
                coordinator=User.objects.get(pk=coordinator_id),
                booking=booking,
                analysts=list(User.objects.filter(pk__in=team).order_by("pk")),
                expected_version=booking.panel_version,
            ).pk

        return save

    results = race(*(contender(*plan) for plan in plans))

    assert outcomes(results) == ["ok", "refused"], results
    seats = PanelMember.objects.filter(analyst=shared, slot=first.slot)
    assert seats.count() == 1
    winner = plans[[kind for kind, _ in results].index("ok")][1]
    assert seats.get().booking_id == winner
    loser = Booking.objects.get(pk=first.pk if winner == second.pk else second.pk)
    assert (loser.status, loser.panel.count()) == (BookingStatus.SUBMITTED, 0)


def test_set_panel_same_analyst_two_bookings_same_slot_exactly_one_wins():
    for _ in range(ROUNDS):
        same_analyst_round()
