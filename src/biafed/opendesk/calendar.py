"""iCalendar (.ics) invitations for open-desk sessions (iTIP, RFC 5546).

A `SessionEvent` is what was true when a change happened (times, meeting link, attendees,
sequence); the services take it before they change the booking further and store the
files it makes with the notifications, so the e-mail sent later attaches that state:

- `request(event)`: METHOD:REQUEST with every attendee (invitation or update);
- `cancel(event)`: METHOD:CANCEL, STATUS:CANCELLED, every attendee (the session is off);
- `uninvite(event, person)`: METHOD:CANCEL listing only `person` (taken off the panel;
  the session itself goes on, so no STATUS:CANCELLED).

The UID is the booking's `calendar_uid`: the same for the life of the booking, whatever
`SITE_URL` is; SEQUENCE is the booking's `panel_version`; DTSTAMP is when the file is made.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

ORGANIZER = "mailto:no-reply@biafed.example.org"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str


@dataclass(frozen=True)
class SessionEvent:
    uid: str
    starts_at: datetime
    ends_at: datetime
    title: str
    link: str
    request_url: str
    sequence: int
    attendees: tuple[Attendee, ...]


def session_event(booking, *, people) -> SessionEvent:
    """The booking's session as it is now, attended by `people` (requester and panel)."""
    return SessionEvent(
        uid=f"{booking.calendar_uid}@biafed",
        starts_at=booking.slot.starts_at,
        ends_at=booking.slot.ends_at,
        title=booking.title,
        link=booking.meeting_link(),
        request_url=settings.SITE_URL + reverse("opendesk:booking_detail", args=[booking.pk]),
        sequence=booking.panel_version,
        attendees=tuple(_attendee(person) for person in dict.fromkeys(people)),
    )


def request(event: SessionEvent) -> str:
    return _calendar(event, method="REQUEST", attendees=event.attendees)


def cancel(event: SessionEvent) -> str:
    return _calendar(event, method="CANCEL", attendees=event.attendees, status="CANCELLED")


def uninvite(event: SessionEvent, person) -> str:
    return _calendar(event, method="CANCEL", attendees=(_attendee(person),))


def _attendee(person) -> Attendee:
    return Attendee(email=person.email, name=str(person))


def _calendar(event: SessionEvent, *, method: str, attendees, status: str = "") -> str:
    cal = Calendar()
    cal.add("prodid", "-//biafed//open desk//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at)
    vevent.add("dtend", event.ends_at)
    vevent.add("sequence", event.sequence)
    vevent.add("summary", f"Open desk: {event.title}")
    vevent.add("location", vText(event.link))
    if event.link:
        vevent.add("url", event.link)
    vevent.add("description", f"{event.title}\n\nJoin: {event.link}\nRequest: {event.request_url}")
    if status:
        vevent.add("status", status)
    organizer = vCalAddress(ORGANIZER)
    organizer.params["cn"] = vText("biafed open desk")
    vevent["organizer"] = organizer
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        vevent.add("attendee", attendee, encode=False)
    cal.add_component(vevent)
    return cal.to_ical().decode()
