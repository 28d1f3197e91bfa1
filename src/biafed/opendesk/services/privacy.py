"""The open desk's part of a person's data (people.privacy registry): bookings and their
answers, panel seats; closure clears the answers, retention clears old ones."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from biafed.intake.services.privacy import delete_files_of
from biafed.opendesk.models import ACTIVE_STATUSES, AnalystAvailability, Booking, Feedback
from biafed.people.models import User

ANSWER_FIELDS = (
    "title",
    "biological_question",
    "objects_of_interest",
    "measurements",
    "file_format",
    "image_count_and_size",
    "tried_so_far",
)
"""Free text a requester typed; what is counted (day, session, status, topics, modality,
dimensions) stays."""


def _booking(booking: Booking) -> dict:
    data = {
        "id": booking.pk,
        "day": booking.day.date,
        "session_starts_at": booking.slot.starts_at if booking.slot else None,
        "status": booking.status,
        "submitted_at": booking.submitted_at,
        "cancelled_at": booking.cancelled_at,
        **{name: getattr(booking, name) for name in ANSWER_FIELDS},
        "modality": str(booking.modality) if booking.modality_id else None,
        "dimensionality": booking.dimensionality,
        "channel_count": booking.channel_count,
        "tools_tried": [str(t) for t in booking.tools_tried.all()],
        "topics": [str(t) for t in booking.topics.all()],
        "consent_to_share": booking.consent_to_share,
        "panel": [str(m.analyst) for m in booking.panel.all()],
    }
    outcome = getattr(booking, "outcome", None)
    if outcome is not None:
        data["outcome"] = {
            "advice": outcome.advice,
            "shared_links": outcome.links,
            "follow_up": outcome.follow_up,
        }
    feedback = getattr(booking, "feedback", None)
    if feedback is not None:
        data["feedback"] = {"usefulness": feedback.usefulness, "comment": feedback.comment}
    return data


def export_open_desk(user: User) -> dict:
    bookings = (
        Booking.objects.filter(requester=user)
        .select_related("day", "slot", "modality", "outcome", "feedback")
        .prefetch_related("tools_tried", "topics", "panel__analyst")
        .order_by("day__date", "pk")
    )
    seats = (
        Booking.objects.filter(panel__analyst=user)
        .select_related("day", "slot")
        .order_by("day__date", "pk")
    )
    return {
        "bookings": [_booking(b) for b in bookings],
        "panel_seats": [
            {"booking": b.pk, "day": b.day.date, "status": b.status, "title": b.title}
            for b in seats
        ],
        "availability": [
            a.slot.starts_at
            for a in AnalystAvailability.objects.filter(analyst=user).select_related("slot")
        ],
    }


def _upcoming(queryset: QuerySet, today: date) -> QuerySet:
    return queryset.filter(status__in=ACTIVE_STATUSES, day__date__gte=today)


def closure_blockers(user: User) -> list[str]:
    today = timezone.localdate()
    reasons = []
    booked = _upcoming(Booking.objects.filter(requester=user), today).count()
    if booked:
        reasons.append(
            ngettext(
                "You have %(n)s upcoming open-desk booking: cancel it first.",
                "You have %(n)s upcoming open-desk bookings: cancel them first.",
                booked,
            )
            % {"n": booked}
        )
    seats = _upcoming(Booking.objects.filter(panel__analyst=user), today).count()
    if seats:
        reasons.append(
            ngettext(
                "You sit on %(n)s upcoming open-desk panel: ask a coordinator to replace you.",
                "You sit on %(n)s upcoming open-desk panels: ask a coordinator to replace you.",
                seats,
            )
            % {"n": seats}
        )
    return reasons


def _clear_answers(bookings: QuerySet) -> int:
    """Free-text answers and feedback comments emptied; statuses and counts untouched."""
    typed = Q()
    for name in ANSWER_FIELDS:
        typed |= ~Q(**{name: ""})
    ids = list(bookings.filter(typed).values_list("pk", flat=True))
    Booking.objects.filter(pk__in=ids).update(**{name: "" for name in ANSWER_FIELDS})
    Feedback.objects.filter(booking_id__in=ids).exclude(comment="").update(comment="")
    return len(ids)


def erase_open_desk(*, user: User, actor: User | None) -> None:
    """Example images deleted, answers cleared; the bookings stay as counted rows."""
    for booking in Booking.objects.filter(requester=user):
        delete_files_of(booking)
    _clear_answers(Booking.objects.filter(requester=user))
    AnalystAvailability.objects.filter(analyst=user, slot__starts_at__gte=timezone.now()).delete()


def clear_old_answers(*, now: datetime) -> dict:
    """Answers of bookings whose day is PRIVACY_ANSWERS_RETENTION_DAYS past are cleared."""
    cutoff = timezone.localdate(now) - timedelta(days=settings.PRIVACY_ANSWERS_RETENTION_DAYS)
    return {
        "open_desk_answers_cleared": _clear_answers(Booking.objects.filter(day__date__lt=cutoff))
    }
