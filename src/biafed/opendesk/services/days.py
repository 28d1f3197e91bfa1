from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.common.validators import check_fields, check_not_in_past
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    BookingStatus,
    DayStatus,
    OpenDeskDay,
    PanelMember,
    Slot,
)
from biafed.people.models import User

DAY_FIELDS = (
    "title",
    "date",
    "time_zone",
    "first_slot_start",
    "slot_count",
    "rooms_per_slot",
    "registration_opens_at",
    "registration_deadline",
    "data_deadline",
    "meeting_link_pattern",
)


def _check_day(day: OpenDeskDay, *, new_date: bool) -> None:
    check_fields(day, "title", "meeting_link_pattern")
    if new_date:  # a day is set up ahead; an existing one may be edited once it passed
        check_not_in_past(
            day.date, label=OpenDeskDay._meta.get_field("date").verbose_name, after_today=True
        )
    if day.registration_deadline <= day.registration_opens_at:
        raise BusinessRuleError(_("The registration deadline must come after registration opens."))
    first_session = day.slot_start(0)
    if day.registration_deadline > first_session:
        raise BusinessRuleError(_("The registration deadline must be before the first session."))
    if day.data_deadline > first_session:
        raise BusinessRuleError(_("The data-upload deadline must be before the first session."))


def _create_slots(day: OpenDeskDay) -> None:
    Slot.objects.bulk_create(
        Slot(
            day=day,
            index=i,
            starts_at=day.slot_start(i),
            ends_at=day.slot_start(i) + timedelta(hours=1),
        )
        for i in range(day.slot_count)
    )


@transaction.atomic
def create_day(*, coordinator: User, **fields: Any) -> OpenDeskDay:
    """Create a draft open-desk day and its one-hour slots."""
    day = OpenDeskDay(created_by=coordinator, **{k: fields[k] for k in DAY_FIELDS})
    _check_day(day, new_date=True)
    day.save()
    _create_slots(day)
    activity.record(actor=coordinator, verb="created", subject=day)
    return day


@transaction.atomic
def update_day(*, coordinator: User, day: OpenDeskDay, **fields: Any) -> OpenDeskDay:
    """Change a day; its slots are rebuilt only while nobody has booked or declared availability."""
    day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
    timing = ("date", "time_zone", "first_slot_start", "slot_count")
    timing_changed = any(fields[k] != getattr(day, k) for k in timing)
    date_changed = fields["date"] != day.date
    for key in DAY_FIELDS:
        setattr(day, key, fields[key])
    _check_day(day, new_date=date_changed)
    outside = Booking.objects.filter(day=day, room__gt=day.rooms_per_slot).count()
    if outside:
        raise BusinessRuleError(
            ngettext(
                "%(n)s booking sits in a room this change would remove; move it first.",
                "%(n)s bookings sit in rooms this change would remove; move them first.",
                outside,
            )
            % {"n": outside}
        )
    if timing_changed:
        in_use = (
            Booking.objects.filter(day=day, slot__isnull=False).exists()
            or AnalystAvailability.objects.filter(slot__day=day).exists()
        )
        if in_use:
            raise BusinessRuleError(
                _(
                    "The date and sessions cannot change once requesters have booked or analysts "
                    "have declared availability."
                )
            )
        day.slots.all().delete()
        _create_slots(day)
    day.save()
    activity.record(actor=coordinator, verb="updated", subject=day)
    return day


def publishing_refusals(day: OpenDeskDay) -> list[str]:
    """Why `day` cannot be opened for booking now (empty when it can)."""
    if day.status != DayStatus.DRAFT:
        return [_("Only a draft day can be published.")]
    if day.date < timezone.localdate():
        return [_("This open-desk day is over; it can no longer be opened for booking.")]
    return []


def publishing_effects(day: OpenDeskDay) -> list[str]:
    """What opening `day` for booking will do, for its confirmation page."""
    return [
        _("Requesters can book a session until %(deadline)s.")
        % {"deadline": formats.date_format(timezone.localtime(day.registration_deadline))},
        _("Analysts can declare when they are available."),
    ]


@transaction.atomic
def publish_day(*, coordinator: User, day: OpenDeskDay) -> OpenDeskDay:
    """Open a draft day for booking. Refused as `publishing_refusals` says."""
    day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
    refusals = publishing_refusals(day)
    if refusals:
        raise BusinessRuleError(refusals)
    move(day, DayStatus.PUBLISHED, actor=coordinator, verb="published")
    return day


PLACED = (
    BookingStatus.SUBMITTED,
    BookingStatus.DATA_MISSING,
    BookingStatus.READY,
    BookingStatus.ALLOCATED,
)
"""Booking statuses holding a place before the panels are published."""

INVITED = (BookingStatus.CONFIRMED, BookingStatus.HELD, BookingStatus.NO_SHOW)
"""Booking statuses reached only by publishing panels, i.e. once invitations went out."""


def reopening_refusals(day: OpenDeskDay) -> list[str]:
    """Why registration of `day` cannot be reopened now (empty when it can): only a day
    closed or with panels published, not over, and to which no invitation went out."""
    if DayStatus.PUBLISHED not in allowed_moves(day):
        return [
            _("Registration can be reopened only for a closed day or one with published panels.")
        ]
    if day.date < timezone.localdate():
        return [_("This open-desk day is over; its registration cannot be reopened.")]
    if Booking.objects.filter(day=day, status__in=INVITED).exists():
        return [_("Invitations have gone out for this day: its registration cannot be reopened.")]
    return []


@transaction.atomic
def reopen_registration(*, coordinator: User, day: OpenDeskDay) -> OpenDeskDay:
    """Correct a day closed or published too early: back to open for booking.
    Refused as `reopening_refusals` says."""
    day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
    refusals = reopening_refusals(day)
    if refusals:
        raise BusinessRuleError(refusals)
    move(day, DayStatus.PUBLISHED, actor=coordinator, verb="reopened registration")
    return day


def closing_refusals(day: OpenDeskDay) -> list[str]:
    """Why registration of `day` cannot be closed now (empty when it can): only a day open
    for booking and not over (its panels can still be published once closed)."""
    if day.status != DayStatus.PUBLISHED or DayStatus.CLOSED not in allowed_moves(day):
        return [_("Only a day open for booking can have its registration closed.")]
    if day.date < timezone.localdate():
        return [_("This open-desk day is over; its registration cannot be closed.")]
    return []


def closing_effects(day: OpenDeskDay) -> list[str]:
    """What closing registration of `day` now will do, for its confirmation page."""
    submitted = Booking.objects.filter(day=day, status__in=PLACED).count()
    return [
        _("Requesters can no longer book a session (the deadline was %(deadline)s).")
        % {"deadline": formats.date_format(timezone.localtime(day.registration_deadline))},
        ngettext(
            "The %(n)s booking already submitted keeps its place.",
            "The %(n)s bookings already submitted keep their places.",
            submitted,
        )
        % {"n": submitted},
        _("You can still propose and publish the panels, or reopen registration."),
    ]


@transaction.atomic
def close_registration(*, coordinator: User, day: OpenDeskDay) -> OpenDeskDay:
    """Close a day's registration before its deadline. Refused as `closing_refusals` says."""
    day = OpenDeskDay.objects.select_for_update().get(pk=day.pk)
    refusals = closing_refusals(day)
    if refusals:
        raise BusinessRuleError(refusals)
    move(day, DayStatus.CLOSED, actor=coordinator, verb="closed registration")
    return day


@transaction.atomic
def set_availability(*, analyst: User, day: OpenDeskDay, slots: Iterable[Slot]) -> list[Slot]:
    """Replace the slots `analyst` can attend on `day`."""
    if getattr(analyst, "analyst_profile", None) is None:
        raise BusinessRuleError(_("Only analysts of the network declare open-desk availability."))
    if day.status == DayStatus.CLOSED:
        raise BusinessRuleError(_("This open-desk day is closed."))
    wanted = {slot.pk for slot in slots if slot.day_id == day.pk}
    current = set(
        AnalystAvailability.objects.filter(analyst=analyst, slot__day=day).values_list(
            "slot_id", flat=True
        )
    )
    removed = current - wanted

    seated = PanelMember.objects.filter(analyst=analyst, slot_id__in=removed).select_related("slot")
    if seated:
        raise BusinessRuleError(
            _("You sit on a panel at %(time)s; ask the coordinator to replace you first.")
            % {"time": seated[0].slot}
        )
    AnalystAvailability.objects.filter(analyst=analyst, slot_id__in=removed).delete()
    AnalystAvailability.objects.bulk_create(
        AnalystAvailability(analyst=analyst, slot_id=pk) for pk in wanted - current
    )
    return list(Slot.objects.filter(pk__in=wanted))
