"""The meeting's calendar invitation (.ics), like the open desk's (notifications.calendar)."""

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from biafed.network.models import MeetingStatus
from biafed.network.services.meetings import agenda


def meeting_calendar(meeting, *, site_url: str, method: str = "REQUEST") -> bytes:
    """One event: the meeting, its place and agenda (attached to the agenda's e-mail and
    downloadable from the meeting's page); a cancelled meeting withdraws the event."""
    cal = Calendar()
    cal.add("prodid", "-//biafed//network//EN")
    cal.add("version", "2.0")
    cancelled = meeting.status == MeetingStatus.CANCELLED
    cal.add("method", "CANCEL" if cancelled else method)
    event = Event()
    event.add("uid", f"{meeting.calendar_uid}@biafed")  # stable when SITE_URL changes
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", timezone.now())  # when this file is made (RFC 5545)
    event.add("summary", meeting.title)
    event.add("location", vText(meeting.place))
    page = f"{site_url}{reverse('network:meeting', args=[meeting.pk])}"
    event.add("url", page)
    topics = "\n".join(f"{topic.position}. {topic.title}" for topic in agenda(meeting))
    event.add("description", f"{topics or meeting.programme}\n\n{page}".strip())
    if cancelled:
        event.add("status", "CANCELLED")
    organizer = vCalAddress("mailto:no-reply@biafed.example.org")
    organizer.params["cn"] = vText("biafed network")
    event["organizer"] = organizer
    cal.add_component(event)
    return cal.to_ical()
