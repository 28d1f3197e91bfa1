from django.apps import AppConfig


class OpendeskConfig(AppConfig):
    name = "biafed.opendesk"
    label = "opendesk"

    def ready(self):
        register_booking_files()
        register_personal_data_of_open_desk()


def register_personal_data_of_open_desk() -> None:
    from biafed.opendesk.services import privacy
    from biafed.people.privacy import register_personal_data

    register_personal_data(
        "open_desk",
        export=privacy.export_open_desk,
        erase=privacy.erase_open_desk,
        blockers=privacy.closure_blockers,
        retention=privacy.clear_old_answers,
    )


def register_booking_files() -> None:
    """Example images of a booking are intake.DataFiles: the requester, the analysts of its
    panel and coordinators see them; the requester (or a coordinator) brings them until the
    session and may delete them at any time; retention counts from the day of the session."""
    from django.urls import reverse

    from biafed.intake.registry import register_attachable
    from biafed.opendesk.models import Booking, BookingStatus
    from biafed.opendesk.rules import visible_bookings
    from biafed.people.rules import is_staff_member

    closed = (BookingStatus.CANCELLED, BookingStatus.HELD, BookingStatus.NO_SHOW)

    def on_change(booking, actor):
        from biafed.opendesk.services.bookings import refresh_data_status

        refresh_data_status(booking, actor)

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
        on_change=on_change,
        owner=lambda booking: booking.requester_id,
    )
