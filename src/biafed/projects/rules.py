"""Who may see and do what in collaborative projects: declared once, used by views and querysets."""

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet

from biafed.people.models import AnalystProfile, Role
from biafed.people.rules import is_analyst, is_requester, is_staff_member
from biafed.projects.models import (
    ConflictOfInterest,
    Project,
    ProjectStatus,
)

COMMITTEE_VISIBLE_STATUSES = (
    ProjectStatus.SUBMITTED,
    ProjectStatus.UNDER_REVIEW,
    ProjectStatus.INFO_REQUESTED,
)
"""Requests committee members see (unless they declared a conflict of interest)."""

REQUESTER_EDITABLE_STATUSES = (ProjectStatus.DRAFT, ProjectStatus.INFO_REQUESTED)


@rules.predicate
def is_committee_member(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.COMMITTEE))


@rules.predicate
def is_facility_manager(user) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.FACILITY_MANAGER))


@rules.predicate
def is_project_requester(user, project) -> bool:
    return project is not None and project.requester_id == user.pk


@rules.predicate
def is_project_lead(user, project) -> bool:
    return project is not None and project.lead_id == user.pk


@rules.predicate
def is_project_mentor(user, project) -> bool:
    return project is not None and project.mentor_id == user.pk


is_participant = is_project_lead | is_project_mentor


@rules.predicate
def is_under_review(user, project) -> bool:
    return project is not None and project.status in COMMITTEE_VISIBLE_STATUSES


@rules.predicate
def is_conflicted(user, project) -> bool:
    return project is not None and project.conflicts.filter(reviewer_id=user.pk).exists()


@rules.predicate
def is_editable_by_requester(user, project) -> bool:
    return project is not None and project.status in REQUESTER_EDITABLE_STATUSES


@rules.predicate
def is_running(user, project) -> bool:
    return project is not None and project.status == ProjectStatus.ACTIVE


@rules.predicate
def is_completed(user, project) -> bool:
    return project is not None and project.status == ProjectStatus.COMPLETED


may_review = is_committee_member & is_under_review & ~is_conflicted


@rules.predicate
def is_on_booking_panel(user, booking) -> bool:
    return booking is not None and booking.panel.filter(analyst_id=user.pk).exists()


may_convert_booking = is_on_booking_panel | is_staff_member


@rules.predicate
def manages_capacity_analyst(user, capacity) -> bool:
    """`user` manages the host facility of the analyst who declared `capacity`."""
    return (
        capacity is not None
        and AnalystProfile.objects.filter(
            user_id=capacity.analyst_id, host_facility__managers=user
        ).exists()
    )


rules.add_perm("projects.request_project", is_requester)
rules.add_perm("projects.enter_request", is_staff_member)
rules.add_perm("projects.manage", is_staff_member)
rules.add_perm(
    "projects.view_project",
    is_project_requester | is_participant | may_review | is_staff_member,
)
rules.add_perm("projects.edit_request", is_project_requester & is_editable_by_requester)
rules.add_perm("projects.withdraw", is_project_requester | is_staff_member)
rules.add_perm("projects.review", may_review)
rules.add_perm("projects.review_any", is_committee_member)
rules.add_perm("projects.declare_conflict", is_committee_member & is_under_review)
rules.add_perm("projects.decide", is_staff_member)
rules.add_perm("projects.log_effort", is_participant & is_running)
rules.add_perm("projects.write_report", is_participant & is_running)
rules.add_perm("projects.add_deliverable", (is_participant & is_running) | is_staff_member)
rules.add_perm("projects.decide_phase", is_project_lead | is_staff_member)
rules.add_perm("projects.comment", is_project_requester | is_participant | is_staff_member)
rules.add_perm("projects.give_feedback", is_project_requester & is_completed)
rules.add_perm("projects.add_publication", is_project_requester | is_participant | is_staff_member)
rules.add_perm("projects.convert_booking", may_convert_booking)
rules.add_perm("projects.declare_capacity", is_analyst)
rules.add_perm("projects.approve_capacity", is_facility_manager | is_staff_member)
rules.add_perm("projects.approve_capacity_of", manages_capacity_analyst | is_staff_member)


def visible_projects(user, queryset: QuerySet | None = None) -> QuerySet:
    """The projects `user` may view: the queryset form of `projects.view_project`."""
    qs = Project.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    if is_staff_member(user):
        return qs
    mine = Q(requester_id=user.pk) | Q(lead_id=user.pk) | Q(mentor_id=user.pk)
    if is_committee_member(user):
        conflicted = Exists(
            ConflictOfInterest.objects.filter(project=OuterRef("pk"), reviewer_id=user.pk)
        )
        # Q & Exists is a Q at run time; the stubs only promise a Combinable.
        mine |= Q(status__in=COMMITTEE_VISIBLE_STATUSES) & ~conflicted  # type: ignore[assignment]
    return qs.filter(mine)


def may(user, perm: str, obj=None) -> bool:
    """The rule itself, without Django's "a superuser may do anything" shortcut, so that what
    a person is offered matches what the services accept (a coordinator who is also a
    superuser is not offered to review or to log effort)."""
    return rules.has_perm(perm, user, obj)
