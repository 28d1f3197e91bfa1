"""The coordinator's pins: decisions that stay as constraints when the day is solved again."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.matching.models import AllocationPin
from biafed.matching.services.building import PENDING
from biafed.opendesk.models import Booking, Slot
from biafed.opendesk.services.panels import PANEL_MAX
from biafed.people.models import User


def _pending(booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in PENDING:
        raise BusinessRuleError(
            _("Only requests still waiting for a confirmed panel can be pinned.")
        )
    return booking


def pin_member(*, coordinator: User, booking: Booking, analyst: User) -> AllocationPin:
    """Keep `analyst` on `booking`'s panel whenever the day is solved again."""
    if getattr(analyst, "analyst_profile", None) is None:
        raise BusinessRuleError(_("%(name)s is not an analyst of the network.") % {"name": analyst})
    try:
        with transaction.atomic():
            booking = _pending(booking)
            pins = AllocationPin.objects.filter(booking=booking, analyst__isnull=False)
            if pins.filter(analyst=analyst).exists():
                raise BusinessRuleError(
                    _("%(name)s is already pinned to this panel.") % {"name": analyst}
                )
            if pins.count() >= PANEL_MAX:
                raise BusinessRuleError(
                    _("A panel has at most %(n)s analysts; unpin one first.") % {"n": PANEL_MAX}
                )
            pin = AllocationPin.objects.create(
                booking=booking, analyst=analyst, created_by=coordinator
            )
            activity.record(
                actor=coordinator, verb="pinned panel member", subject=booking, detail=str(analyst)
            )
    except IntegrityError:
        raise BusinessRuleError(
            _("%(name)s is already pinned to this panel.") % {"name": analyst}
        ) from None
    return pin


def pin_slot(*, coordinator: User, booking: Booking, slot: Slot) -> AllocationPin:
    """Hold `booking` in `slot` (or not at all) whenever the day is solved again; replaces an
    earlier slot pin of the booking."""
    with transaction.atomic():
        booking = _pending(booking)
        if slot.day_id != booking.day_id:
            raise BusinessRuleError(_("Choose a session of this day."))
        AllocationPin.objects.filter(booking=booking, slot__isnull=False).delete()
        pin = AllocationPin.objects.create(booking=booking, slot=slot, created_by=coordinator)
        activity.record(actor=coordinator, verb="pinned session", subject=booking, detail=str(slot))
    return pin


def unpin(*, coordinator: User, pin: AllocationPin) -> None:
    """Drop a pin; the next computation is free again on that point."""
    with transaction.atomic():
        deleted, _counts = AllocationPin.objects.filter(pk=pin.pk).delete()
        if deleted:
            activity.record(
                actor=coordinator,
                verb="unpinned",
                subject=pin.booking,
                detail=str(pin.analyst or pin.slot),
            )
