"""Who may see and do what in the open desk: declared once, used by views and querysets."""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from biafed.opendesk.models import Booking, BookingStatus, PanelMember
from biafed.people.rules import is_analyst, is_requester, is_staff_member


@rules.predicate
def is_booking_requester(user, booking) -> bool:
    return booking is not None and booking.requester_id == user.pk


@rules.predicate
def is_panel_member(user, booking) -> bool:
    return booking is not None and booking.panel.filter(analyst_id=user.pk).exists()


@rules.predicate
def is_editable_by_requester(user, booking) -> bool:
    return booking is not None and booking.status in (
        BookingStatus.DRAFT,
        BookingStatus.SUBMITTED,
        BookingStatus.DATA_MISSING,
        BookingStatus.READY,
        BookingStatus.ALLOCATED,
        BookingStatus.CONFIRMED,
    )


@rules.predicate
def session_is_over(user, booking) -> bool:
    return booking is not None and booking.status == BookingStatus.HELD


rules.add_perm("opendesk.manage_days", is_staff_member)
rules.add_perm("opendesk.book", is_requester)
rules.add_perm("opendesk.declare_availability", is_analyst)
rules.add_perm("opendesk.view_booking", is_booking_requester | is_panel_member | is_staff_member)
rules.add_perm(
    "opendesk.view_booking_files", is_booking_requester | is_panel_member | is_staff_member
)
rules.add_perm(
    "opendesk.edit_booking", (is_booking_requester & is_editable_by_requester) | is_staff_member
)
rules.add_perm("opendesk.cancel_booking", is_booking_requester | is_staff_member)
rules.add_perm("opendesk.record_outcome", is_panel_member | is_staff_member)
rules.add_perm("opendesk.mark_attendance", is_staff_member)
rules.add_perm("opendesk.give_feedback", is_booking_requester & session_is_over)
rules.add_perm("opendesk.allocate", is_staff_member)


def visible_bookings(user, queryset: QuerySet | None = None) -> QuerySet:
    """The bookings `user` may view: the queryset form of `opendesk.view_booking`."""
    qs = Booking.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    on_panel = Exists(PanelMember.objects.filter(booking=OuterRef("pk"), analyst_id=user.pk))
    return qs.filter(Q(requester_id=user.pk) | on_panel)
