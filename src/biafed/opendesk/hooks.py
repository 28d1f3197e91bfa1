"""How the open desk plugs into the registries of the apps below it (called from
`OpendeskConfig.ready()`): booking files, notification kinds and calendar, reminders."""

from django.urls import reverse

from biafed.common.home import register_home_section
from biafed.common.periodic import register_periodic_job
from biafed.intake.registry import register_attachable
from biafed.notifications.registry import register_calendar, register_kinds
from biafed.opendesk import home
from biafed.opendesk.models import Booking, BookingStatus
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.rules import visible_bookings
from biafed.opendesk.services.bookings import refresh_data_status
from biafed.opendesk.services.reminders import send_due_reminders
from biafed.people.rules import is_staff_member


def register() -> None:
    register_booking_files()
    register_notifications()
    register_periodic_job("opendesk.reminders", send_due_reminders)
    register_home_section("requester", home.requester_home)
    register_home_section("analyst", home.analyst_home)
    register_home_section("coordinator", home.coordinator_home)


def register_booking_files() -> None:
    """Example images of a booking are intake.DataFiles: the requester, the analysts of its
    panel and coordinators see them; the requester (or a coordinator) brings them until the
    session and may delete them at any time; retention counts from the day of the session."""
    closed = (BookingStatus.CANCELLED, BookingStatus.HELD, BookingStatus.NO_SHOW)

    register_attachable(
        Booking,
        can_view=lambda user, booking: user.has_perm("opendesk.view_booking_files", booking),
        can_upload=lambda user, booking: (
            booking.status not in closed and user.has_perm("opendesk.edit_booking", booking)
        ),
        can_delete=lambda user, booking: booking.requester_id == user.pk or is_staff_member(user),
        can_consent=lambda user, booking: booking.requester_id == user.pk,
        session_date=lambda booking: booking.day.date,
        label=str,
        visible=visible_bookings,
        link=lambda booking: reverse("opendesk:booking_detail", args=[booking.pk]),
        audience=lambda booking: [m.analyst for m in booking.panel.select_related("analyst")],
        on_change=refresh_data_status,
        owner=lambda booking: booking.requester_id,
        live_parts="opendesk/_booking_live.html",  # status and banner follow the checks
    )


def register_notifications() -> None:
    """The open desk's notification kinds, and the name of the session's calendar file
    (made by the services when a session is confirmed, changed or cancelled, see
    `opendesk/calendar.py`)."""
    register_kinds(NotificationKind)
    register_calendar(Booking, filename="open-desk-session.ics")
