from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from biafed.opendesk.models import Booking
from biafed.opendesk.rules import visible_bookings


def booking_for(request, pk: int, perm: str = "opendesk.view_booking") -> Booking:
    """The booking if the person may see it (404 otherwise) and holds `perm` (403 otherwise)."""
    booking = get_object_or_404(
        visible_bookings(request.user).select_related("day", "slot__day", "requester", "modality"),
        pk=pk,
    )
    if not request.user.has_perm(perm, booking):
        raise PermissionDenied
    return booking


def require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def show_error(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)
