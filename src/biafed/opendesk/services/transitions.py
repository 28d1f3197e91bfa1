"""The booking state machine: every status change goes through `move_to`."""

from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.intake.services.files import is_ready
from biafed.opendesk.models import Booking
from biafed.opendesk.models import BookingStatus as S

ALLOWED = {
    S.DRAFT: {S.SUBMITTED, S.READY, S.CANCELLED},
    S.SUBMITTED: {S.READY, S.DATA_MISSING, S.ALLOCATED, S.CANCELLED},
    S.DATA_MISSING: {S.READY, S.ALLOCATED, S.CANCELLED},
    S.READY: {S.SUBMITTED, S.DATA_MISSING, S.ALLOCATED, S.CANCELLED},
    S.ALLOCATED: {S.SUBMITTED, S.DATA_MISSING, S.READY, S.CONFIRMED, S.CANCELLED},
    S.CONFIRMED: {S.HELD, S.NO_SHOW, S.CANCELLED, S.SUBMITTED, S.DATA_MISSING, S.READY},
    S.HELD: {S.NO_SHOW},
    S.NO_SHOW: {S.HELD},
    S.CANCELLED: set(),
}

PRE_ALLOCATION = (S.SUBMITTED, S.DATA_MISSING, S.READY)


def move_to(booking: Booking, status: str, *, actor, detail: str = "") -> Booking:
    """Change `booking.status` (not saved) if the state machine allows it."""
    if status == booking.status:
        return booking
    if status not in ALLOWED[booking.status]:
        raise BusinessRuleError(
            _("A booking that is “%(current)s” cannot become “%(new)s”.")
            % {"current": booking.get_status_display(), "new": S(status).label}
        )
    previous = booking.status
    booking.status = status
    activity.record(actor=actor, verb=f"{previous}->{status}", subject=booking, detail=detail)
    return booking


def data_status(booking: Booking, *, now, has_files: bool | None = None) -> str:
    """The pre-allocation status a booking should have given its data and the deadline.

    Ready means at least one of its files passed the intake's check (`is_ready`);
    `has_files` is ignored and only kept so that older callers still work."""

    if is_ready(booking):
        return S.READY
    if now >= booking.day.data_deadline:
        return S.DATA_MISSING
    return S.SUBMITTED
