"""iCalendar (.ics) invitations for open-desk sessions."""

from icalendar import Calendar, Event, vCalAddress, vText


def session_calendar(booking, *, site_url: str, method: str = "REQUEST") -> bytes:
    """An .ics file with one event: the booking's session, its link and its panel."""
    slot = booking.slot
    cal = Calendar()
    cal.add("prodid", "-//biafed//open desk//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", f"biafed-booking-{booking.pk}@{site_url.split('://', 1)[-1]}")
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("dtstamp", booking.updated_at)
    event.add("summary", f"Open desk: {booking.title}")
    link = booking.meeting_link()
    event.add("location", vText(link))
    if link:
        event.add("url", link)
    event.add(
        "description",
        f"{booking.title}\n\nJoin: {link}\nRequest: {site_url}/open-desk/bookings/{booking.pk}/",
    )
    event.add("sequence", booking.panel_version)
    if method == "CANCEL":
        event.add("status", "CANCELLED")
    organizer = vCalAddress("mailto:no-reply@biafed.example.org")
    organizer.params["cn"] = vText("biafed open desk")
    event["organizer"] = organizer
    attendees = [booking.requester] + [member.analyst for member in booking.panel.all()]
    for person in attendees:
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(str(person))
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return cal.to_ical()
