from django.shortcuts import get_object_or_404

from biafed.common.web import require
from biafed.opendesk.models import Booking
from biafed.opendesk.rules import visible_bookings


def booking_for(request, pk: int, perm: str = "opendesk.view_booking") -> Booking:
    """The booking if the person may see it (404 otherwise) and holds `perm` (403 otherwise)."""
    booking = get_object_or_404(
        visible_bookings(request.user).select_related("day", "slot__day", "requester", "modality"),
        pk=pk,
    )
    require(request.user, perm, booking)
    return booking
