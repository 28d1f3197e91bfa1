"""propose_allocation: the allocation engine applied to a real open-desk day, in one step."""

from collections import Counter

import pytest

from biafed.common.errors import BusinessRuleError
from biafed.matching.services import propose_allocation
from biafed.opendesk.models import BookingStatus, PanelMember
from biafed.opendesk.services.panels import allocation_problems
from biafed.people.models import AnalystProfile, ExpertiseFamily
from tests.factories import (
    AnalystFactory,
    ExpertiseTermFactory,
    HostFacilityFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    confirmed_booking,
    declare_available,
    submitted_booking,
)
from tests.matching.day_setup import analysts_available, booking_about

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


@pytest.fixture
def tracking():
    return ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="tracking")


def panel(booking) -> list[PanelMember]:
    return list(
        PanelMember.objects.filter(booking=booking).select_related(
            "analyst__analyst_profile__host_facility"
        )
    )


def test_propose_allocation_gives_every_booking_a_panel_and_allocates_it(
    coordinator,
    day,
    segmentation,
    tracking,
):
    segmenters = analysts_available(day, 3, expertise={segmentation: "expert"})
    trackers = analysts_available(day, 3, expertise={tracking: "advise"})
    bookings = [
        booking_about(day, segmentation, slot_index=0, title="Nuclei"),
        booking_about(day, tracking, slot_index=0, title="Cilia"),
        booking_about(day, segmentation, slot_index=1, title="Somites"),
    ]

    result = propose_allocation(coordinator=coordinator, day=day)

    assert result == {"placed": 3, "unplaced": 0}
    seats = Counter()
    for booking in bookings:
        before = (booking.slot_id, booking.room)
        booking.refresh_from_db()
        members = panel(booking)
        assert booking.status == BookingStatus.ALLOCATED
        assert 2 <= len(members) <= 3
        assert (booking.slot_id, booking.room) == before
        assert {m.slot_id for m in members} == {booking.slot_id}
        sites = [m.analyst.analyst_profile.host_facility_id for m in members]
        assert len(set(sites)) == len(sites)
        seats.update((m.analyst_id, m.slot_id) for m in members)
    assert max(seats.values()) == 1
    # Expertise decides who sits where.
    nuclei, cilia, _ = bookings
    assert {m.analyst_id for m in panel(nuclei)} == {a.pk for a in segmenters}
    assert {m.analyst_id for m in panel(cilia)} == {a.pk for a in trackers}
    assert all(m.explanation.startswith("knows tracking") for m in panel(cilia))
    assert allocation_problems(day) == []


def test_propose_allocation_never_seats_an_analyst_from_the_requesters_institution(
    coordinator,
    day,
    segmentation,
):
    colleague = AnalystFactory(
        profile__facility=HostFacilityFactory(institution="EMBL Heidelberg"),
        expertise={segmentation: "expert"},
    )
    declare_available(colleague, *day.slots.all())
    others = analysts_available(day, 2)
    requester = RequesterFactory(institution="embl heidelberg")
    booking = booking_about(day, segmentation, requester=requester)

    propose_allocation(coordinator=coordinator, day=day)

    assert {m.analyst_id for m in panel(booking)} == {a.pk for a in others}


def test_propose_allocation_leaves_confirmed_bookings_untouched(coordinator, day, segmentation):
    kept = analysts_available(day, 2, expertise={segmentation: "expert"})
    confirmed = confirmed_booking(day=day, panel=kept, title="Already published")
    confirmed.refresh_from_db()
    before = (confirmed.status, confirmed.slot_id, confirmed.room, confirmed.panel_version)
    newcomers = analysts_available(day, 3)
    waiting = booking_about(day, segmentation, slot_index=0, title="Late request")

    result = propose_allocation(coordinator=coordinator, day=day)

    assert result == {"placed": 1, "unplaced": 0}
    confirmed.refresh_from_db()
    waiting.refresh_from_db()
    assert (confirmed.status, confirmed.slot_id, confirmed.room, confirmed.panel_version) == before
    assert {m.analyst_id for m in panel(confirmed)} == {a.pk for a in kept}
    assert waiting.status == BookingStatus.ALLOCATED
    assert waiting.slot_id == confirmed.slot_id
    assert waiting.room != confirmed.room
    assert {m.analyst_id for m in panel(waiting)} <= {a.pk for a in newcomers}


def test_propose_allocation_moves_a_booking_to_its_other_acceptable_session(coordinator, day):
    morning, afternoon = day.slots.get(index=0), day.slots.get(index=2)
    analysts_available(day, 2, slots=[afternoon])
    booking = submitted_booking(day=day, slot_index=0)
    booking.preferred_slots.add(afternoon)

    result = propose_allocation(coordinator=coordinator, day=day)

    assert result == {"placed": 1, "unplaced": 0}
    booking.refresh_from_db()
    assert (booking.slot_id, booking.room) == (afternoon.pk, 1)
    assert booking.status == BookingStatus.ALLOCATED
    assert {m.slot_id for m in panel(booking)} == {afternoon.pk}
    assert morning.bookings.filter(room__isnull=False).count() == 0


def test_propose_allocation_without_free_analysts_keeps_the_booking_in_place(coordinator, day):
    booking = submitted_booking(day=day, slot_index=1)
    booking.refresh_from_db()

    result = propose_allocation(coordinator=coordinator, day=day)

    assert result == {"placed": 0, "unplaced": 1}
    booking.refresh_from_db()
    assert (booking.slot.index, booking.room, booking.status) == (1, 1, BookingStatus.SUBMITTED)
    assert booking.panel.count() == 0
    assert allocation_problems(day) == [
        "“Counting nuclei” has no panel member yet; it needs 2 to 3."
    ]


def test_propose_allocation_skips_analysts_who_have_not_accepted_the_rules(
    coordinator,
    day,
    segmentation,
):
    analysts_available(day, 1, profile__accepted=False, expertise={segmentation: "expert"})
    accepted = analysts_available(day, 2)
    booking = booking_about(day, segmentation)

    propose_allocation(coordinator=coordinator, day=day)

    assert {m.analyst_id for m in panel(booking)} == {a.pk for a in accepted}


def test_propose_allocation_with_nothing_waiting_refused(coordinator, day):
    with pytest.raises(BusinessRuleError) as excinfo:
        propose_allocation(coordinator=coordinator, day=day)

    assert refusal(excinfo) == "There is no request waiting for a panel on this day."


def test_propose_allocation_counts_confirmed_panels_towards_the_daily_cap(
    coordinator,
    day,
    segmentation,
):
    capped = AnalystFactory(expertise={segmentation: "expert"})
    AnalystProfile.objects.filter(user=capped).update(daily_session_cap=1)
    declare_available(capped, *day.slots.all())
    confirmed_booking(day=day, slot_index=0, panel=[capped, AnalystFactory()])
    analysts_available(day, 2)
    waiting = booking_about(day, segmentation, slot_index=1)

    propose_allocation(coordinator=coordinator, day=day)

    assert PanelMember.objects.filter(analyst=capped).count() == 1
    assert capped.pk not in {m.analyst_id for m in panel(waiting)}


def test_propose_allocation_never_takes_the_place_of_a_booking_it_cannot_place(coordinator):
    day = OpenDeskDayFactory(rooms_per_slot=2, slot_count=2)
    first_hour, second_hour = day.slots.get(index=0), day.slots.get(index=1)
    # Nobody is free in the first hour; the second hour's analysts all work at the same
    # institution as the two requesters booked in the second hour.
    for _ in range(2):
        declare_available(
            AnalystFactory(profile__facility=HostFacilityFactory(institution="Inserm")), second_hour
        )
    flexible = submitted_booking(day=day, slot_index=0, title="Flexible")
    flexible.preferred_slots.add(second_hour)
    stay_one, stay_two = (
        submitted_booking(day=day, slot_index=1, requester=RequesterFactory(institution="Inserm"))
        for _ in range(2)
    )

    propose_allocation(coordinator=coordinator, day=day)

    for booking in (flexible, stay_one, stay_two):
        booking.refresh_from_db()
    assert (stay_one.slot_id, stay_two.slot_id) == (second_hour.pk, second_hour.pk)
    assert {stay_one.room, stay_two.room} == {1, 2}
    assert (flexible.slot_id, flexible.room) == (first_hour.pk, 1)
