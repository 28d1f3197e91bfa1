"""What the booking state machine (`Booking.transitions`, moved with
`biafed.common.states.move`) needs from the open desk: which statuses come before the
allocation, and which of them a booking should have given its data."""

from datetime import datetime

from biafed.intake.services.files import is_ready
from biafed.opendesk.models import Booking
from biafed.opendesk.models import BookingStatus as S

PRE_ALLOCATION = (S.SUBMITTED, S.DATA_MISSING, S.READY)


def data_status(booking: Booking, *, now: datetime, has_files: bool | None = None) -> str:
    """The pre-allocation status a booking should have given its data and the deadline.

    Ready means at least one of its files passed the intake's check (`is_ready`);
    `has_files` is ignored and only kept so that older callers still work."""

    if is_ready(booking):
        return S.READY
    if now >= booking.day.data_deadline:
        return S.DATA_MISSING
    return S.SUBMITTED
