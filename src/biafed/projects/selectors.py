"""Read-only queries on projects, shared with billing and reporting."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum

from biafed.opendesk.models import Booking, BookingStatus
from biafed.projects.models import (
    EffortActivity,
    EffortEntry,
    Project,
    ProjectStatus,
    Review,
    RoundStatus,
)
from biafed.projects.rules import is_committee_member, visible_projects

__all__ = [
    "consultation_hours",
    "effort_hours",
    "held_session_hours",
    "hours_by_analyst",
    "reviews_waiting_for",
    "visible_projects",
]

ZERO = Decimal("0")


def _sum(qs) -> Decimal:
    return qs.aggregate(total=Sum("hours"))["total"] or ZERO


def effort_hours(project: Project) -> Decimal:
    """Hours worked on the project, consultations excluded (Table 1's "Effort")."""
    return _sum(project.effort.exclude(activity=EffortActivity.CONSULTATION))


def linked_bookings(project: Project) -> QuerySet:
    """The open-desk bookings about this project: its source booking and the linked ones."""
    return Booking.objects.filter(
        Q(pk=project.source_booking_id) | Q(linked_projects=project)
    ).distinct()


def held_session_hours(project: Project) -> Decimal:
    """One hour per panel analyst for each held open-desk session linked to the project."""
    seats = (
        linked_bookings(project)
        .filter(status=BookingStatus.HELD)
        .aggregate(seats=Count("panel"))["seats"]
    )
    return Decimal(seats or 0)


def consultation_hours(project: Project) -> Decimal:
    """Consultation effort plus the held open-desk sessions (Table 1's "Cnslt.")."""
    logged = _sum(project.effort.filter(activity=EffortActivity.CONSULTATION))
    return logged + held_session_hours(project)


def hours_by_analyst(project: Project) -> dict[int, Decimal]:
    """All logged hours of the project per analyst id (every activity)."""
    rows = (
        EffortEntry.objects.filter(project=project)
        .values("analyst_id")
        .annotate(total=Sum("hours"))
        .order_by("analyst_id")
    )
    return {row["analyst_id"]: row["total"] for row in rows}


def reviews_waiting_for(member) -> QuerySet:
    """The requests `member` of the committee has still to review: under review in an open
    round, not reviewed by them in that round, no conflict declared; soonest deadline first.
    Empty for anyone outside the committee."""
    if not member.is_authenticated or not is_committee_member(member):
        return Project.objects.none()
    reviewed = Review.objects.filter(
        project=OuterRef("pk"), review_round=OuterRef("review_round"), reviewer_id=member.pk
    )
    return (
        visible_projects(member)
        .filter(status=ProjectStatus.UNDER_REVIEW, review_round__status=RoundStatus.OPEN)
        .exclude(Exists(reviewed))
        .select_related("review_round")
        .order_by("review_round__review_deadline", "pk")
    )
