"""Calendar files sent with open-desk invitations, read back with an independent parser
(icalendar): what a calendar program would do with them (RFC 5546)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from biafed.opendesk.services.bookings import cancel_booking
from biafed.opendesk.services.panels import move_booking, publish_allocation, set_panel
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    allocated_booking,
    confirmed_booking,
)

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Invitation:
    method: str
    content_type: str
    uid: str
    sequence: int
    status: str
    attendees: frozenset[str]
    location: str
    starts_at: datetime
    stamped_at: datetime


def invitation_to(person) -> Invitation:
    """The calendar file of the one e-mail `person` received."""
    (message,) = [m for m in mail.outbox if m.to == [person.email]]
    (attachment,) = message.attachments
    filename, content, content_type = attachment
    assert filename == "open-desk-session.ics"
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    attendees = event.get("attendee", [])
    if not isinstance(attendees, list):
        attendees = [attendees]
    return Invitation(
        method=str(calendar["method"]),
        content_type=content_type,
        uid=str(event["uid"]),
        sequence=int(event["sequence"]),
        status=str(event.get("status", "")),
        attendees=frozenset(str(a).removeprefix("mailto:") for a in attendees),
        location=str(event.get("location", "")),
        starts_at=event.decoded("dtstart"),
        stamped_at=event.decoded("dtstamp"),
    )


def emails(*people) -> frozenset[str]:
    return frozenset(p.email for p in people)


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Run the e-mail tasks queued by the change, as they would run after it; the outbox
    then holds only the e-mails of that change."""

    def change():
        mail.outbox = []
        return django_capture_on_commit_callbacks(execute=True)

    return change


def test_publish_sends_each_person_a_request_listing_everybody(coordinator, capture, settings):
    settings.SITE_URL = "https://biafed.example.org"
    panel = [AnalystFactory(), AnalystFactory()]
    booking = allocated_booking(panel=panel)
    before = timezone.now().replace(microsecond=0)

    with capture():
        publish_allocation(coordinator=coordinator, day=booking.day)

    booking.refresh_from_db()
    everybody = [booking.requester, *panel]
    for person in everybody:
        sent = invitation_to(person)
        assert sent.method == "REQUEST"
        assert sent.content_type == "text/calendar; method=REQUEST"
        assert sent.status == ""
        assert sent.attendees == emails(*everybody)
        assert sent.location == booking.meeting_link()
        assert sent.uid == f"{booking.calendar_uid}@biafed"
        assert sent.sequence == booking.panel_version
        assert before <= sent.stamped_at <= timezone.now()


def test_the_uid_does_not_change_with_the_site_url(coordinator, capture, settings):
    booking = allocated_booking()
    settings.SITE_URL = "https://old.example.org"
    with capture():
        publish_allocation(coordinator=coordinator, day=booking.day)
    first = invitation_to(booking.requester)

    settings.SITE_URL = "https://new.example.org"
    booking.refresh_from_db()
    with capture():
        move_booking(
            coordinator=coordinator,
            booking=booking,
            slot=booking.day.slots.get(index=1),
            room=1,
            expected_version=booking.panel_version,
        )

    assert invitation_to(booking.requester).uid == first.uid


def test_two_bookings_have_different_uids(coordinator, capture):
    first = allocated_booking()
    second = allocated_booking(day=first.day, slot_index=1)

    with capture():
        publish_allocation(coordinator=coordinator, day=first.day)

    assert invitation_to(first.requester).uid != invitation_to(second.requester).uid


@pytest.mark.parametrize("who", ["requester", "coordinator"])
def test_cancelling_sends_everybody_the_whole_session_cancelled(who, coordinator, capture):
    panel = [AnalystFactory(), AnalystFactory()]
    booking = confirmed_booking(panel=panel)
    link, sequence = booking.meeting_link(), booking.panel_version
    actor = booking.requester if who == "requester" else coordinator

    with capture():
        cancel_booking(actor=actor, booking=booking)

    everybody = [booking.requester, *panel]
    for person in everybody:  # the requester too, also when they cancelled it
        sent = invitation_to(person)
        assert sent.method == "CANCEL"
        assert sent.content_type == "text/calendar; method=CANCEL"
        assert sent.status == "CANCELLED"
        assert sent.attendees == emails(*everybody)
        assert sent.location == link
        assert sent.uid == f"{booking.calendar_uid}@biafed"
        assert sent.sequence > sequence


def test_an_analyst_taken_off_the_panel_is_uninvited_and_the_others_updated(coordinator, capture):
    stays, also_stays, leaves = AnalystFactory(), AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(panel=[stays, also_stays, leaves])
    sequence = booking.panel_version

    with capture():
        set_panel(
            coordinator=coordinator,
            booking=booking,
            analysts=[stays, also_stays],
            expected_version=sequence,
        )

    uninvited = invitation_to(leaves)
    assert uninvited.method == "CANCEL"
    assert uninvited.status == ""  # the session itself goes on
    assert uninvited.attendees == emails(leaves)
    assert uninvited.sequence == sequence + 1
    assert uninvited.uid == f"{booking.calendar_uid}@biafed"
    for person in (booking.requester, stays, also_stays):
        updated = invitation_to(person)
        assert updated.method == "REQUEST"
        assert updated.attendees == emails(booking.requester, stays, also_stays)
        assert updated.sequence == sequence + 1
        assert updated.uid == uninvited.uid
        assert updated.location == booking.meeting_link()


def test_an_analyst_added_to_the_panel_is_invited_and_the_others_updated(coordinator, capture):
    first, second, joins = AnalystFactory(), AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(panel=[first, second])
    sequence = booking.panel_version

    with capture():
        set_panel(
            coordinator=coordinator,
            booking=booking,
            analysts=[first, second, joins],
            expected_version=sequence,
        )

    everybody = [booking.requester, first, second, joins]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in everybody)
    for person in everybody:
        sent = invitation_to(person)
        assert sent.method == "REQUEST"
        assert sent.attendees == emails(*everybody)
        assert sent.sequence == sequence + 1


def test_a_booking_moved_to_another_session_sends_the_new_time_and_place(coordinator, capture):
    day = OpenDeskDayFactory()
    panel = [AnalystFactory(), AnalystFactory()]
    booking = confirmed_booking(panel=panel, day=day)
    sequence, uid = booking.panel_version, f"{booking.calendar_uid}@biafed"
    later = day.slots.get(index=2)

    with capture():
        move_booking(
            coordinator=coordinator,
            booking=booking,
            slot=later,
            room=2,
            expected_version=sequence,
        )

    booking.refresh_from_db()
    assert booking.meeting_link().endswith(f"-{later.index + 1}-2")
    everybody = [booking.requester, *panel]
    for person in everybody:
        sent = invitation_to(person)
        assert sent.method == "REQUEST"
        assert sent.starts_at == later.starts_at
        assert sent.location == booking.meeting_link()
        assert sent.attendees == emails(*everybody)
        assert sent.sequence == sequence + 1
        assert sent.uid == uid


def test_the_calendar_keeps_what_was_true_when_the_change_happened(coordinator, capture):
    """A cancellation mailed after the panel is freed still lists it and its place."""
    panel = [AnalystFactory(), AnalystFactory()]
    booking = confirmed_booking(panel=panel)
    link = booking.meeting_link()

    with capture():
        cancel_booking(actor=coordinator, booking=booking)
        booking.refresh_from_db()
        assert (booking.room, booking.panel.count()) == (None, 0)

    sent = invitation_to(panel[0])
    assert sent.location == link
    assert sent.attendees == emails(booking.requester, *panel)
    assert sent.starts_at - booking.slot.starts_at == timedelta(0)
