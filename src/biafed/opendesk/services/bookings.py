"""Requester-side rules: drafts, submission, example images, cancellation, feedback."""

from collections.abc import Iterable
from datetime import datetime
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import allowed_moves, move
from biafed.intake.models import DataFile
from biafed.intake.services.files import files_for, is_ready
from biafed.intake.services.uploads import store_file
from biafed.notifications.services import in_language_of, notify
from biafed.opendesk import calendar
from biafed.opendesk.models import (
    ACTIVE_STATUSES,
    Booking,
    DayStatus,
    Feedback,
    OpenDeskDay,
    Slot,
)
from biafed.opendesk.models import (
    BookingStatus as S,
)
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.transitions import PRE_ALLOCATION, data_status
from biafed.people.models import ExpertiseTerm, User

REQUIRED_ANSWERS = ("title", "biological_question", "objects_of_interest", "measurements")
ANSWER_FIELDS = (
    "title",
    "biological_question",
    "objects_of_interest",
    "measurements",
    "modality",
    "dimensionality",
    "channel_count",
    "file_format",
    "image_count_and_size",
    "tried_so_far",
    "primary_tool",
    "preferred_language",
    "consent_to_share",
)


def booking_url(booking: Booking) -> str:
    return reverse("opendesk:booking_detail", args=[booking.pk])


def start_booking(*, requester: User, day: OpenDeskDay) -> Booking:
    """Return the requester's draft for `day`, creating it if needed."""
    _check_registration_open(day, now=timezone.now())
    draft = Booking.objects.filter(requester=requester, day=day, status=S.DRAFT).first()
    return draft or Booking.objects.create(requester=requester, day=day)


def save_answers(
    *,
    actor: User,
    booking: Booking,
    answers: dict,
    tools_tried: Iterable[ExpertiseTerm] = (),
    topics: Iterable[ExpertiseTerm] | None = None,
    preferred_slots: Iterable[Slot] = (),
) -> Booking:
    """Store the guided-form answers; drafts may be incomplete."""
    for field in ANSWER_FIELDS:
        if field in answers:
            setattr(booking, field, answers[field])
    booking.save()
    booking.tools_tried.set(tools_tried)
    booking.preferred_slots.set([s for s in preferred_slots if s.day_id == booking.day_id])
    if topics is not None:
        booking.topics.set(topics)
    return booking


def missing_answers(booking: Booking) -> list[str]:
    """Labels of the answers still needed before the booking can be submitted."""
    missing = [
        # The answers are fields of the booking itself, never reverse relations.
        str(Booking._meta.get_field(f).verbose_name)  # type: ignore[union-attr]
        for f in REQUIRED_ANSWERS
        if not getattr(booking, f)
    ]
    if not booking.dimensionality:
        missing.append(str(Booking._meta.get_field("dimensionality").verbose_name))
    if not booking.consent_to_share:
        missing.append(str(Booking._meta.get_field("consent_to_share").verbose_name))
    return missing


def _check_registration_open(day: OpenDeskDay, *, now: datetime) -> None:
    if day.status != DayStatus.PUBLISHED:
        raise BusinessRuleError(_("This open-desk day is not open for booking."))
    if now < day.registration_opens_at:
        raise BusinessRuleError(_("Registration for this day has not opened yet."))
    if now > day.registration_deadline:
        raise BusinessRuleError(_("The registration deadline for this day has passed."))


def submit_booking(*, requester: User, booking: Booking, slot: Slot) -> Booking:
    """Take a place in `slot` and submit. The last place goes to exactly one requester:
    the slot row is locked and (slot, room) is unique in the database."""
    now = timezone.now()
    if booking.requester_id != requester.pk:
        raise BusinessRuleError(_("Only the requester can submit this booking."))
    if booking.status != S.DRAFT:
        raise BusinessRuleError(_("This booking was already submitted."))
    if slot is None or slot.day_id != booking.day_id:
        raise BusinessRuleError(_("Choose one of this day's sessions."))
    _check_registration_open(booking.day, now=now)
    missing = missing_answers(booking)
    if missing:
        raise BusinessRuleError(_("Please answer: %(fields)s.") % {"fields": ", ".join(missing)})
    try:
        with transaction.atomic():
            locked_slot = Slot.objects.select_for_update().get(pk=slot.pk)
            taken = set(
                Booking.objects.filter(slot=locked_slot, room__isnull=False).values_list(
                    "room", flat=True
                )
            )
            free = [r for r in range(1, booking.day.rooms_per_slot + 1) if r not in taken]
            if not free:
                raise BusinessRuleError(
                    _("The %(time)s session has just been fully booked; please choose another.")
                    % {"time": locked_slot}
                )
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if booking.status != S.DRAFT:
                raise BusinessRuleError(_("This booking was already submitted."))
            booking.slot = locked_slot
            booking.room = free[0]
            booking.submitted_at = now
            has_files = has_data_files(booking)
            move(
                booking,
                S.READY if is_ready(booking) else S.SUBMITTED,
                actor=requester,
                extra_fields=("slot", "room", "submitted_at"),
            )
            booking.preferred_slots.add(locked_slot)
            with in_language_of(requester):
                notify(
                    recipient=requester,
                    kind=NotificationKind.BOOKING_RECEIVED,
                    message=lambda: (
                        _("Open desk booking received: %(title)s") % {"title": booking.title},
                        _(
                            "We received your request for the open desk of %(date)s, session %(time)s.\n"
                            "A panel of analysts will be chosen from your answers; you will receive an "
                            "invitation with the meeting link once the panels are published.\n"
                            "%(data)s"
                        )
                        % {
                            "date": date_format(booking.day.date, "DATE_FORMAT"),
                            "time": locked_slot,
                            "data": ""
                            if has_files
                            else _(
                                "Please upload example images before %(deadline)s: sessions without "
                                "data are much less useful."
                            )
                            % {
                                "deadline": date_format(
                                    timezone.localtime(booking.day.data_deadline), "DATETIME_FORMAT"
                                )
                            },
                        },
                    ),
                    link=booking_url(booking),
                    about=booking,
                )
    except IntegrityError:
        raise BusinessRuleError(
            _("The %(time)s session has just been fully booked; please choose another.")
            % {"time": slot}
        ) from None
    return booking


def places_left(day: OpenDeskDay) -> dict[int, int]:
    """Free places per slot id, in one query."""

    slots = day.slots.annotate(taken=Count("bookings", filter=Q(bookings__room__isnull=False)))
    return {s.pk: day.rooms_per_slot - s.taken for s in slots}


def has_data_files(booking: Booking) -> bool:
    """Files were brought (whether or not their check is over)."""

    return files_for(booking).exists()


def attach_files(
    *, actor: User, booking: Booking, uploads: Iterable[UploadedFile]
) -> list[DataFile]:
    """Store example images given server-side (demo data, tests) through the intake:
    the same limits, content check and checksum as a browser upload. The booking
    becomes ready once one of them passes its check (see `refresh_data_status`)."""

    if booking.status in (S.CANCELLED, S.HELD, S.NO_SHOW):
        raise BusinessRuleError(_("Files can no longer be added to this booking."))
    # Files given server-side always have a name and a size (both optional in the stubs).
    return [
        store_file(
            actor=actor,
            target=booking,
            name=PurePath(upload.name).name,  # type: ignore[arg-type]
            fileobj=upload,
            size=upload.size,  # type: ignore[arg-type]
        )
        for upload in uploads
    ]


def refresh_data_status(booking: Booking, actor: User | None = None) -> None:
    """The intake calls this (inside its transaction) whenever a file of `booking` is
    added, checked or removed: a waiting booking becomes ready, or waits again."""
    locked = Booking.objects.select_for_update().select_related("day").get(pk=booking.pk)
    if locked.status not in PRE_ALLOCATION:
        return
    wanted = data_status(locked, now=timezone.now())
    if wanted != locked.status:
        move(locked, wanted, actor=actor, detail="example images changed")


def cancellation_refusals(booking: Booking) -> list[str]:
    """Why `booking` cannot be cancelled now (empty when it can): its state, or a session
    that has started."""
    if S.CANCELLED not in allowed_moves(booking) or booking.status not in (
        S.DRAFT,
        *ACTIVE_STATUSES,
    ):
        return [_("This booking can no longer be cancelled.")]
    if booking.slot and timezone.now() >= booking.slot.starts_at:
        return [_("The session has started or is over; it can no longer be cancelled.")]
    return []


def cancellation_effects(booking: Booking) -> list[str]:
    """What cancelling `booking` will do, in the words of its confirmation page."""
    if booking.status == S.DRAFT:
        return [_("The draft is cancelled; its answers are no longer offered for booking.")]
    effects = [_("The place is freed for another requester; the booking cannot be restored.")]
    if booking.status == S.CONFIRMED:
        effects.append(_("The requester and the panel are told, with a calendar cancellation."))
    return effects


@transaction.atomic
def cancel_booking(*, actor: User, booking: Booking, reason: str = "") -> Booking:
    """Cancel and free the place; refused as `cancellation_refusals` says."""
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("slot", "day")
        .get(pk=booking.pk)
    )
    refusals = cancellation_refusals(booking)
    if refusals:
        raise BusinessRuleError(refusals)
    was_confirmed = booking.status == S.CONFIRMED
    attendees = [booking.requester] + [m.analyst for m in booking.panel.select_related("analyst")]
    booking.panel_version += 1
    # The session as it was (place, panel), before the place and the panel are freed.
    event = calendar.session_event(booking, people=attendees) if was_confirmed else None
    booking.room = None
    booking.cancelled_at = timezone.now()
    move(
        booking,
        S.CANCELLED,
        actor=actor,
        detail=reason,
        extra_fields=("room", "cancelled_at", "panel_version"),
    )
    if event is not None:
        ics = calendar.cancel(event)
        for person in attendees:  # the requester too, even when they cancelled it
            with in_language_of(person):
                notify(
                    recipient=person,
                    kind=NotificationKind.CANCELLATION,
                    message=lambda: (
                        _("Open desk session cancelled: %(title)s") % {"title": booking.title},
                        _(
                            "The session of %(time)s on %(date)s was cancelled. You are free at that time."
                        )
                        % {"time": booking.slot, "date": booking.day.date},
                    ),
                    about=booking,
                    calendar=ics,
                )
    booking.panel.all().delete()
    return booking


@transaction.atomic
def give_feedback(
    *, requester: User, booking: Booking, usefulness: int, comment: str = ""
) -> Feedback:
    if booking.requester_id != requester.pk:
        raise BusinessRuleError(_("Only the requester can give feedback on this session."))
    if booking.status != S.HELD:
        raise BusinessRuleError(_("Feedback opens once the session has been held."))
    if not 1 <= int(usefulness) <= 5:
        raise BusinessRuleError(_("Usefulness is a number from 1 to 5."))
    feedback, _created = Feedback.objects.update_or_create(
        booking=booking, defaults={"usefulness": usefulness, "comment": comment}
    )
    activity.record(actor=requester, verb="gave feedback", subject=booking)
    return feedback
