"""Coordinators: panels, moves and publishing the allocation."""

import pytest
from django.core import mail
from icalendar import Calendar

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.opendesk.models import BookingStatus, DayStatus, PanelMember
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.panels import (
    allocation_problems,
    move_booking,
    publish_allocation,
    set_panel,
)
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    HostFacilityFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    allocated_booking,
    checked_file,
    confirmed_booking,
    seat,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


def refusal(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def panel_of(booking) -> set[int]:
    return set(PanelMember.objects.filter(booking=booking).values_list("analyst_id", flat=True))


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def day():
    return OpenDeskDayFactory()


def place(coordinator, booking, analysts):
    booking.refresh_from_db()
    return set_panel(
        coordinator=coordinator,
        booking=booking,
        analysts=analysts,
        expected_version=booking.panel_version,
    )


# --- set_panel --------------------------------------------------------------------------------


def test_set_panel_of_two_moves_the_booking_to_allocated(coordinator):
    booking = submitted_booking()
    first, second = AnalystFactory(), AnalystFactory()

    booking = place(coordinator, booking, [first, second])

    assert booking.status == BookingStatus.ALLOCATED
    assert booking.panel_version == 1
    assert panel_of(booking) == {first.pk, second.pk}
    assert set(PanelMember.objects.filter(booking=booking).values_list("slot_id", flat=True)) == {
        booking.slot_id
    }


def test_set_panel_of_one_keeps_the_booking_waiting(coordinator):
    booking = submitted_booking()

    booking = place(coordinator, booking, [AnalystFactory()])

    assert booking.status == BookingStatus.SUBMITTED
    assert booking.panel.count() == 1


def test_set_panel_shrinking_below_two_returns_the_booking_to_its_data_status(coordinator):
    booking = submitted_booking()
    checked_file(booking)
    first, second = AnalystFactory(), AnalystFactory()
    place(coordinator, booking, [first, second])

    booking = place(coordinator, booking, [first])

    assert booking.status == BookingStatus.READY
    assert panel_of(booking) == {first.pk}


def test_set_panel_of_four_refused(coordinator):
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, booking, [AnalystFactory() for _ in range(4)])

    assert refusal(excinfo) == "A panel has at most 3 analysts."
    assert booking.panel.count() == 0


def test_set_panel_analyst_in_two_rooms_at_once_refused_naming_the_other_booking(coordinator, day):
    busy, free, other = AnalystFactory(full_name="Ada Lovelace"), AnalystFactory(), AnalystFactory()
    first = submitted_booking(day=day, title="Segmenting zebrafish somites")
    second = submitted_booking(day=day, title="Counting synapses")
    place(coordinator, first, [busy, other])

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, second, [busy, free])

    assert refusal(excinfo) == (
        "Ada Lovelace already sits on the panel of “Segmenting zebrafish somites” in room 1 at "
        "14:00–15:00; an analyst cannot be in two rooms at once."
    )
    second.refresh_from_db()
    assert second.status == BookingStatus.SUBMITTED
    assert second.panel.count() == 0


def test_set_panel_same_analyst_in_another_slot_accepted(coordinator, day):
    analyst, a2, a3 = AnalystFactory(), AnalystFactory(), AnalystFactory()
    first = submitted_booking(day=day, slot_index=0)
    later = submitted_booking(day=day, slot_index=1)
    place(coordinator, first, [analyst, a2])

    later = place(coordinator, later, [analyst, a3])

    assert later.status == BookingStatus.ALLOCATED
    assert PanelMember.objects.filter(analyst=analyst).count() == 2


def test_set_panel_analyst_from_the_requesters_own_institution_refused(coordinator):
    requester = RequesterFactory(institution="Institut Pasteur")
    colleague = AnalystFactory(
        full_name="Louis Colleague",
        profile__facility=HostFacilityFactory(institution="  INSTITUT PASTEUR "),
    )
    booking = submitted_booking(requester=requester)

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, booking, [colleague, AnalystFactory()])

    assert refusal(excinfo) == (
        "Louis Colleague works at the requester's own institution (  INSTITUT PASTEUR ): choose "
        "someone else to avoid a conflict of interest."
    )
    assert booking.panel.count() == 0


def test_set_panel_analyst_who_has_not_accepted_the_rules_refused(coordinator):
    newcomer = AnalystFactory(full_name="Nina Newcomer", profile__accepted=False)
    booking = submitted_booking()

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, booking, [newcomer, AnalystFactory()])

    assert refusal(excinfo) == (
        "Nina Newcomer has not accepted the network rules and cannot sit on a panel."
    )
    assert booking.panel.count() == 0


def test_set_panel_person_without_analyst_profile_refused(coordinator):
    booking = submitted_booking()
    outsider = RequesterFactory(full_name="Rita Requester")

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, booking, [outsider, AnalystFactory()])

    assert refusal(excinfo) == "Rita Requester is not an analyst of the network."


def test_set_panel_with_a_stale_version_refused(coordinator):
    booking = submitted_booking()
    seen_version = booking.panel_version
    first, second, third = AnalystFactory(), AnalystFactory(), AnalystFactory()
    set_panel(
        coordinator=CoordinatorFactory(),
        booking=booking,
        analysts=[first, second],
        expected_version=seen_version,
    )

    with pytest.raises(BusinessRuleError) as excinfo:
        set_panel(
            coordinator=coordinator,
            booking=booking,
            analysts=[first, third],
            expected_version=seen_version,
        )

    assert refusal(excinfo) == (
        "Someone else changed this booking while you were editing it. The page now shows the "
        "current panel; make your change again."
    )
    assert panel_of(booking) == {first.pk, second.pk}


def test_set_panel_of_a_cancelled_booking_refused(coordinator):
    from biafed.opendesk.services.bookings import cancel_booking

    booking = submitted_booking()
    cancel_booking(actor=booking.requester, booking=booking)

    with pytest.raises(BusinessRuleError) as excinfo:
        place(coordinator, booking, [AnalystFactory(), AnalystFactory()])

    assert refusal(excinfo) == "This booking can no longer be changed."


def test_set_panel_of_a_confirmed_booking_invites_the_newcomer_and_frees_the_leaver(
    coordinator,
    django_capture_on_commit_callbacks,
):
    stays, leaves, joins = AnalystFactory(), AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(panel=[stays, leaves])

    with django_capture_on_commit_callbacks(execute=True):
        place(coordinator, booking, [stays, joins])

    assert panel_of(booking) == {stays.pk, joins.pk}
    sent = {
        (n.recipient_id, n.kind)
        for n in Notification.objects.about(booking).filter(
            kind__in=(NotificationKind.INVITATION, NotificationKind.PANEL_CHANGE)
        )
    }
    assert sent == {
        (joins.pk, NotificationKind.INVITATION),
        (leaves.pk, NotificationKind.PANEL_CHANGE),
        (stays.pk, NotificationKind.PANEL_CHANGE),  # the updated invitation
        (booking.requester_id, NotificationKind.PANEL_CHANGE),
    }


def test_set_panel_analyst_taken_off_a_confirmed_panel_gets_a_calendar_cancellation(
    coordinator,
    django_capture_on_commit_callbacks,
):
    stays, leaves, joins = AnalystFactory(), AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(panel=[stays, leaves])

    with django_capture_on_commit_callbacks(execute=True):
        place(coordinator, booking, [stays, joins])

    (message,) = [m for m in mail.outbox if m.to == [leaves.email]]
    (attachment,) = message.attachments
    assert "METHOD:CANCEL" in ics_text(attachment)


# --- Publishing the allocation ----------------------------------------------------------------


def ics_text(attachment) -> str:
    content = attachment[1]
    return content.decode() if isinstance(content, bytes) else content


def test_allocation_problems_list_bookings_without_a_full_panel(coordinator, day):
    allocated_booking(day=day, title="Tracking cilia")
    lonely = submitted_booking(day=day, title="Measuring nuclei")
    seat(lonely, AnalystFactory())

    assert allocation_problems(day) == ["“Measuring nuclei” has 1 panel member; it needs 2 to 3."]


def test_publish_allocation_refused_while_a_booking_lacks_a_panel_of_two(
    coordinator,
    day,
    django_capture_on_commit_callbacks,
):
    ready = allocated_booking(day=day, title="Tracking cilia")
    waiting = submitted_booking(day=day, title="Measuring nuclei")

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(BusinessRuleError) as excinfo,
    ):
        publish_allocation(coordinator=coordinator, day=day)

    assert refusal(excinfo) == (
        "Not published: every request needs a place and a panel first. “Measuring nuclei” has no "
        "panel member yet; it needs 2 to 3."
    )
    ready.refresh_from_db()
    waiting.refresh_from_db()
    day.refresh_from_db()
    assert (ready.status, waiting.status, day.status) == (
        BookingStatus.ALLOCATED,
        BookingStatus.SUBMITTED,
        DayStatus.PUBLISHED,
    )
    assert Notification.objects.filter(kind=NotificationKind.INVITATION).count() == 0
    assert mail.outbox == []


def test_publish_allocation_confirms_and_sends_invitations_with_calendar(
    coordinator,
    day,
    django_capture_on_commit_callbacks,
):
    first_panel = [AnalystFactory(), AnalystFactory()]
    second_panel = [AnalystFactory(), AnalystFactory(), AnalystFactory()]
    first = allocated_booking(day=day, panel=first_panel, title="Tracking cilia")
    second = allocated_booking(day=day, panel=second_panel, title="Measuring nuclei", slot_index=2)

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = publish_allocation(coordinator=coordinator, day=day)

    assert confirmed == 2
    day.refresh_from_db()
    assert day.status == DayStatus.ALLOCATION_PUBLISHED
    for booking, panel in ((first, first_panel), (second, second_panel)):
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CONFIRMED
        people = [booking.requester, *panel]
        invited = Notification.objects.about(booking).filter(kind=NotificationKind.INVITATION)
        assert sorted(n.recipient_id for n in invited) == sorted(p.pk for p in people)
        link = booking.meeting_link()
        slot_number = booking.slot.index + 1
        assert link == f"https://meet.example.org/biafed-{day.date:%Y%m%d}-{slot_number}-1"
        messages = [m for m in mail.outbox if booking.title in m.subject]
        assert sorted(m.to[0] for m in messages) == sorted(p.email for p in people)
        for message in messages:
            assert link in message.body
            (attachment,) = message.attachments
            assert attachment[0] == "open-desk-session.ics"
            ics = ics_text(attachment)
            assert "BEGIN:VEVENT" in ics
            assert "METHOD:REQUEST" in ics
            assert link in ics.replace("\r\n ", "")
            (event,) = Calendar.from_ical(ics).walk("VEVENT")
            assert str(event["location"]) == link
            assert event.decoded("dtstart") == booking.slot.starts_at
    assert len(mail.outbox) == 3 + 4


def test_publish_allocation_of_a_draft_day_refused(coordinator):
    day = OpenDeskDayFactory(status=DayStatus.DRAFT)

    with pytest.raises(BusinessRuleError) as excinfo:
        publish_allocation(coordinator=coordinator, day=day)

    assert refusal(excinfo) == "Publish the day before publishing its panels."


# --- Moving a booking -------------------------------------------------------------------------


def test_move_booking_into_an_occupied_room_refused(coordinator, day):
    mover = submitted_booking(day=day, slot_index=0)
    submitted_booking(day=day, slot_index=1, title="Counting synapses")

    with pytest.raises(BusinessRuleError) as excinfo:
        move_booking(
            coordinator=coordinator,
            booking=mover,
            slot=day.slots.get(index=1),
            room=1,
            expected_version=mover.panel_version,
        )

    assert refusal(excinfo) == (
        "Room 1 at 15:00–16:00 is taken by “Counting synapses”; move that booking first."
    )
    mover.refresh_from_db()
    assert (mover.slot.index, mover.room) == (0, 1)


def test_move_booking_takes_its_panel_along(coordinator, day):
    first, second = AnalystFactory(), AnalystFactory()
    booking = allocated_booking(day=day, panel=[first, second])
    target = day.slots.get(index=2)

    moved = move_booking(
        coordinator=coordinator,
        booking=booking,
        slot=target,
        room=3,
        expected_version=booking.panel_version,
    )

    assert (moved.slot_id, moved.room, moved.status) == (target.pk, 3, BookingStatus.ALLOCATED)
    seats = PanelMember.objects.filter(booking=booking).values_list("analyst_id", "slot_id")
    assert set(seats) == {(first.pk, target.pk), (second.pk, target.pk)}
    assert moved.panel_version == booking.panel_version + 1


def test_move_booking_refused_when_a_panel_member_is_busy_in_the_new_slot(coordinator, day):
    busy, free, other = AnalystFactory(full_name="Ada Lovelace"), AnalystFactory(), AnalystFactory()
    booking = allocated_booking(day=day, panel=[busy, free], slot_index=0)
    allocated_booking(day=day, panel=[busy, other], slot_index=1, title="Counting synapses")

    with pytest.raises(BusinessRuleError) as excinfo:
        move_booking(
            coordinator=coordinator,
            booking=booking,
            slot=day.slots.get(index=1),
            room=2,
            expected_version=booking.panel_version,
        )

    assert refusal(excinfo) == (
        "Ada Lovelace already sits on the panel of “Counting synapses” in room 1 at "
        "15:00–16:00; an analyst cannot be in two rooms at once."
    )
    booking.refresh_from_db()
    assert (booking.slot.index, booking.room) == (0, 1)
    seats = PanelMember.objects.filter(booking=booking).values_list("slot__index", flat=True)
    assert set(seats) == {0}


def test_move_booking_to_a_room_that_does_not_exist_refused(coordinator, day):
    booking = submitted_booking(day=day)

    with pytest.raises(BusinessRuleError) as excinfo:
        move_booking(
            coordinator=coordinator,
            booking=booking,
            slot=day.slots.get(index=1),
            room=4,
            expected_version=booking.panel_version,
        )

    assert refusal(excinfo) == "Choose a session and room of this day."


def test_move_booking_with_a_stale_version_refused(coordinator, day):
    booking = submitted_booking(day=day)
    seen = booking.panel_version
    place(coordinator, booking, [AnalystFactory()])

    with pytest.raises(BusinessRuleError) as excinfo:
        move_booking(
            coordinator=coordinator,
            booking=booking,
            slot=day.slots.get(index=1),
            room=1,
            expected_version=seen,
        )

    assert "Someone else changed this booking" in refusal(excinfo)
    booking.refresh_from_db()
    assert booking.slot.index == 0
