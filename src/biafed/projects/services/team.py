"""Assignment: analysts' project capacity (approved by their host-facility manager), the
suggested team, invitations of a lead and an optional mentor from another site, and the
start of the project once both accepted."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move
from biafed.matching.engine import ProjectAnalyst, ProjectRequest, propose_project_team
from biafed.matching.services.suggestions import vocabulary
from biafed.people.models import AnalystExpertise, AnalystProfile, Role, User
from biafed.people.rules import is_analyst
from biafed.projects.models import (
    InvitationStatus,
    PhaseStatus,
    Project,
    ProjectCapacity,
    TeamInvitation,
    TeamRole,
)
from biafed.projects.models import ProjectStatus as S
from biafed.projects.registry import start_blockers
from biafed.projects.rules import may
from biafed.projects.services.common import coordinators, lock, project_url, tell
from biafed.projects.services.transitions import ACCEPTED

MENTOR_SHARE = Decimal("0.1")
"""A mentor is assumed to give 10 % of the lead's hours (same as the matching engine)."""
DEFAULT_DURATION_WEEKS = 13
WEEKS_PER_MONTH = Decimal("4.345")
COMMITTING = (S.ASSIGNING, S.ACTIVE)
"""Projects whose lead and mentor hours are reserved against their capacity."""


# --- Capacity -----------------------------------------------------------------------------


def _notify_managers(capacity: ProjectCapacity) -> None:
    profile = (
        AnalystProfile.objects.select_related("host_facility")
        .filter(user_id=capacity.analyst_id)
        .first()
    )
    if profile is None:
        return
    tell(
        profile.host_facility.managers.all(),
        message=lambda: (
            _("Project time to approve: %(who)s") % {"who": capacity.analyst},
            _("%(who)s would give %(h)s hours per month to the network's projects.")
            % {"who": capacity.analyst, "h": capacity.hours_per_month},
        ),
        link="/projects/capacity/",
    )


@transaction.atomic
def declare_capacity(*, analyst: User, hours_per_month: Decimal) -> ProjectCapacity:
    """An analyst declares the hours per month they can give to projects. A change waits for
    their host-facility manager's approval again (their managers are told)."""
    if not may(analyst, "projects.declare_capacity"):
        raise BusinessRuleError(_("Only analysts declare project time."))
    if hours_per_month is None or hours_per_month < 0:
        raise BusinessRuleError(_("Give a number of hours, zero or more."))
    capacity = ProjectCapacity.objects.select_for_update().filter(analyst=analyst).first()
    if capacity is not None and capacity.hours_per_month == hours_per_month:
        return capacity
    capacity = capacity or ProjectCapacity(analyst=analyst)
    capacity.hours_per_month = hours_per_month
    capacity.approved_by = None
    capacity.approved_at = None
    capacity.save()
    activity.record(
        actor=analyst, verb="declared capacity", subject=capacity, detail=str(hours_per_month)
    )
    _notify_managers(capacity)
    return capacity


@transaction.atomic
def approve_capacity(*, manager: User, capacity: ProjectCapacity) -> ProjectCapacity:
    """The manager of the analyst's host facility (or a coordinator) approves the hours."""
    if not may(manager, "projects.approve_capacity_of", capacity):
        raise BusinessRuleError(_("Only the manager of this analyst's facility can approve."))
    capacity = ProjectCapacity.objects.select_for_update().get(pk=capacity.pk)
    capacity.approved_by = manager
    capacity.approved_at = timezone.now()
    capacity.save(update_fields=["approved_by", "approved_at", "updated_at"])
    activity.record(actor=manager, verb="approved capacity", subject=capacity)
    return capacity


def monthly_load(project: Project) -> Decimal:
    """Hours per month a project asks of its lead: the accepted estimate spread over the
    planned duration (13 weeks when unknown)."""
    weeks = project.planned_duration_weeks or DEFAULT_DURATION_WEEKS
    months = Decimal(weeks) / WEEKS_PER_MONTH
    hours = project.estimated_hours or Decimal(0)
    return (hours / months).quantize(Decimal("0.01"), ROUND_HALF_UP)


def committed_hours(
    analyst_ids: Iterable[int], *, exclude: Project | None = None
) -> dict[int, Decimal]:
    """Hours per month already promised by each analyst: the monthly load of the projects
    they lead and 10 % of it for those they mentor (projects being assigned or running)."""
    ids = set(analyst_ids)
    load = dict.fromkeys(ids, Decimal(0))
    projects = Project.objects.filter(status__in=COMMITTING).only(
        "pk", "lead_id", "mentor_id", "estimated_hours", "planned_duration_weeks"
    )
    if exclude is not None:
        projects = projects.exclude(pk=exclude.pk)
    for project in projects.filter(lead_id__in=ids) | projects.filter(mentor_id__in=ids):
        monthly = monthly_load(project)
        if project.lead_id in ids:
            load[project.lead_id] += monthly
        if project.mentor_id in ids:
            load[project.mentor_id] += monthly * MENTOR_SHARE
    return load


def remaining_capacity(
    analyst_ids: Iterable[int], *, exclude: Project | None = None
) -> dict[int, Decimal]:
    """Approved hours per month minus what is committed; 0 without approved capacity."""
    ids = list(analyst_ids)
    approved = dict(
        ProjectCapacity.objects.filter(analyst_id__in=ids, approved_at__isnull=False).values_list(
            "analyst_id", "hours_per_month"
        )
    )
    committed = committed_hours(ids, exclude=exclude)
    return {i: max(Decimal(0), approved.get(i, Decimal(0)) - committed[i]) for i in ids}


# --- Suggesting a team --------------------------------------------------------------------


@dataclass
class Candidate:
    analyst: User
    score: float
    why: str
    remaining: Decimal
    why_parts: tuple = ()  # `why` as the engine's pieces, shown in the viewer's language


@dataclass
class TeamSuggestion:
    lead: Candidate | None = None
    mentor: Candidate | None = None
    leads: list[Candidate] = field(default_factory=list)
    mentors: list[Candidate] = field(default_factory=list)
    reason: str = ""
    monthly_hours: Decimal = Decimal(0)
    reason_parts: tuple = ()  # `reason` as the engine's pieces


def _profiles() -> QuerySet[AnalystProfile]:
    return (
        AnalystProfile.objects.filter(user__is_active=True, user__roles__role=Role.ANALYST)
        .select_related("user", "host_facility")
        .prefetch_related(
            Prefetch(
                "expertise", queryset=AnalystExpertise.objects.only("profile", "term", "level")
            ),
            "languages",
        )
        .distinct()
    )


def _needed_terms(project: Project) -> set[int]:
    terms = {t.pk for t in project.topics.all()}
    for review in project.reviews.prefetch_related("expertise"):
        terms |= {t.pk for t in review.expertise.all()}
    return terms


def suggest_team(*, actor: User, project: Project, alternatives: int = 5) -> TeamSuggestion:
    """A lead by expertise and remaining capacity, and a mentor from another site, with
    ranked alternatives. Uses the allocation engine's project mode
    (`biafed.matching.engine.propose_project_team`)."""

    if not may(actor, "projects.manage"):
        raise BusinessRuleError(_("Only coordinators assign project teams."))
    profiles = list(_profiles())
    remaining = remaining_capacity([p.user_id for p in profiles], exclude=project)
    terms = _needed_terms(project)
    conflicts = set(project.conflicts.values_list("reviewer_id", flat=True))
    conflicts.add(project.requester_id)
    monthly = monthly_load(project)
    request = ProjectRequest(
        id=project.pk,
        terms=frozenset(terms),
        # A project's tool topics are wishes (soft, weighted in the affinity); a primary tool
        # is a hard constraint and comes only from an explicit choice, which projects lack.
        primary_tool=None,
        institution=project.requester_institution or project.requester.institution,
        conflicts=frozenset(conflicts),
        hours=float(monthly),
        language=project.requester.preferred_language or "",
        text=" ".join((project.title, project.summary, project.biological_question)),
    )
    analysts = [
        ProjectAnalyst(
            id=p.user_id,
            site=p.host_facility_id,
            institution=p.host_facility.institution or p.user.institution,
            capacity_hours=float(remaining[p.user_id]),
            expertise={e.term_id: e.level for e in p.expertise.all()},
            accepted_rules=p.has_accepted_rules,
            languages=frozenset(lang.code for lang in p.languages.all()),
            text=p.bio,
            name=str(p.user),
        )
        for p in profiles
    ]

    # The whole active vocabulary: related terms and free text reach the analysts' other expertise.
    names = dict(project.topics.model.objects.filter(is_active=True).values_list("pk", "name"))
    proposal = propose_project_team(
        request, analysts, names, alternatives=alternatives, vocabulary=vocabulary()
    )
    users = {p.user_id: p.user for p in profiles}

    def candidate(c: Any) -> Any:  # None for None, else a Candidate
        if c is None:
            return None
        return Candidate(users[c.analyst_id], c.score, c.why, remaining[c.analyst_id], c.why_parts)

    return TeamSuggestion(
        lead=candidate(proposal.lead),
        mentor=candidate(proposal.mentor),
        leads=[candidate(c) for c in proposal.leads],
        mentors=[candidate(c) for c in proposal.mentors],
        reason=proposal.reason,
        monthly_hours=monthly,
        reason_parts=proposal.reason_parts,
    )


# --- Inviting the team and starting -------------------------------------------------------


def _site(user: User) -> int | None:
    profile = AnalystProfile.objects.filter(user=user).only("host_facility_id").first()
    return profile.host_facility_id if profile else None


def _check_member(project: Project, person: User, role: str) -> None:
    if not is_analyst(person):
        raise BusinessRuleError(_("%(who)s is not an analyst of the network.") % {"who": person})
    if person.pk == project.requester_id:
        raise BusinessRuleError(_("The requester cannot work on their own project."))
    if role == TeamRole.LEAD:
        capacity = ProjectCapacity.objects.filter(analyst=person, approved_at__isnull=False)
        if not capacity.exists():
            raise BusinessRuleError(
                _("%(who)s has no project time approved by their host facility.") % {"who": person}
            )


def _open_invitation(project: Project, role: str) -> TeamInvitation | None:
    return project.invitations.filter(
        role=role, status__in=(InvitationStatus.PENDING, InvitationStatus.ACCEPTED)
    ).first()


@transaction.atomic
def assign_team(
    *, coordinator: User, project: Project, lead: User, mentor: User | None = None
) -> Project:
    """Invite a lead and an optional mentor from another site; the project waits for both
    to accept ("team being confirmed"). Re-assigning keeps an invitation that already went
    to the same person and withdraws the others."""
    if not may(coordinator, "projects.manage"):
        raise BusinessRuleError(_("Only coordinators assign project teams."))
    project = lock(project)
    if project.status not in (*ACCEPTED, S.ASSIGNING):
        raise BusinessRuleError(_("Only an accepted project can be assigned a team."))
    if lead is None:
        raise BusinessRuleError(_("Choose a lead analyst."))
    if mentor is not None and mentor.pk == lead.pk:
        raise BusinessRuleError(_("The mentor must be another analyst than the lead."))
    _check_member(project, lead, TeamRole.LEAD)
    if mentor is not None:
        _check_member(project, mentor, TeamRole.MENTOR)
        if _site(mentor) == _site(lead):
            raise BusinessRuleError(_("The mentor must come from another site than the lead."))
    invited = []
    for role, person in ((TeamRole.LEAD, lead), (TeamRole.MENTOR, mentor)):
        current = _open_invitation(project, role)
        if current is not None and person is not None and current.analyst_id == person.pk:
            continue
        if current is not None:
            move(
                current,
                InvitationStatus.WITHDRAWN,
                actor=coordinator,
                verb=f"withdrawn {current.role}",
                detail=str(current.analyst),
            )
        if person is not None:
            TeamInvitation.objects.create(
                project=project, analyst=person, role=role, invited_by=coordinator
            )
            invited.append(person)
    # Clear first so that swapping lead and mentor never violates lead ≠ mentor.
    Project.objects.filter(pk=project.pk).update(lead=None, mentor=None)
    project.lead, project.mentor = lead, mentor
    move(project, S.ASSIGNING, actor=coordinator, extra_fields=("lead", "mentor"))
    activity.record(
        actor=coordinator,
        verb="assigned team",
        subject=project,
        detail=f"lead {lead}" + (f", mentor {mentor}" if mentor else ""),
    )
    hours = project.estimated_hours or Decimal(0)
    tell(
        [p for p in invited if p.pk == lead.pk],
        message=lambda: (
            _("Will you work on this project? %(title)s") % {"title": project.title},
            _(
                "The coordinator proposes you for this collaborative project (about %(h)s hours). "
                "Please accept or decline, with a reason, on the project page."
            )
            % {"h": hours},
        ),
        link=project_url(project),
    )
    tell(
        [p for p in invited if p.pk != lead.pk],
        message=lambda: (
            _("Will you mentor this project? %(title)s") % {"title": project.title},
            _(
                "The coordinator proposes you as the mentor of this collaborative project (about "
                "%(h)s hours for you, a tenth of the lead's %(lead)s hours). Please accept or "
                "decline, with a reason, on the project page."
            )
            % {"h": (hours * MENTOR_SHARE).quantize(Decimal("0.1")), "lead": hours},
        ),
        link=project_url(project),
    )
    return project


@transaction.atomic
def answer_invitation(
    *, analyst: User, invitation: TeamInvitation, accept: bool, reason: str = ""
) -> TeamInvitation:
    """The invited analyst accepts or declines (a reason is required to decline). Once the
    lead and the mentor (if any) accepted, the project starts."""
    project = lock(invitation.project)
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.analyst_id != analyst.pk:
        raise BusinessRuleError(_("This invitation is for someone else."))
    if invitation.status != InvitationStatus.PENDING:
        raise BusinessRuleError(_("This invitation was already answered or withdrawn."))
    if not accept and not reason.strip():
        raise BusinessRuleError(_("Tell the coordinator why you decline."))
    answer = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.reason = reason.strip()
    move(
        invitation,
        answer,
        actor=analyst,
        verb=f"{answer} {invitation.role}",
        detail=invitation.reason,
        extra_fields=("reason",),
    )
    if not accept:
        setattr(project, invitation.role, None)
        project.save()
        tell(
            coordinators(),
            message=lambda: (
                _("%(who)s declined: %(title)s") % {"who": analyst, "title": project.title},
                _("%(who)s declined to be %(role)s: %(reason)s")
                % {
                    "who": analyst,
                    "role": invitation.get_role_display(),
                    "reason": invitation.reason,
                },
            ),
            link=project_url(project),
        )
        return invitation
    if team_confirmed(project):
        start_when_ready(actor=analyst, project=project)
    return invitation


def start_when_ready(*, actor: User, project: Project) -> bool:
    """Start the work of `project` if its team accepted and no start condition blocks it
    (`registry.start_blockers`); else the coordinators are told what it waits for.
    Returns whether it started. Runs inside the caller's transaction."""
    if project.status != S.ASSIGNING or not team_confirmed(project):
        return False
    blockers = start_blockers(project)
    if not blockers:
        start_project(actor=actor, project=project)
        return True
    tell(
        coordinators(),
        message=lambda: (
            _("The team accepted; work waits: %(title)s") % {"title": project.title},
            " ".join(str(blocker.message) for blocker in start_blockers(project)),
        ),
        link=project_url(project),
    )
    return False


def team_confirmed(project: Project) -> bool:
    """The lead accepted, and so did the mentor when there is one."""
    accepted = set(
        project.invitations.filter(status=InvitationStatus.ACCEPTED).values_list(
            "role", "analyst_id"
        )
    )
    if project.lead_id is None or (TeamRole.LEAD, project.lead_id) not in accepted:
        return False
    return project.mentor_id is None or (TeamRole.MENTOR, project.mentor_id) in accepted


def start_project(*, actor: User, project: Project) -> Project:
    """Team being confirmed → in progress: the first planned phase opens, the first
    progress report is due after the project's cadence; requester and team are told.
    Called by `answer_invitation`; runs inside its transaction."""
    if not team_confirmed(project):
        raise BusinessRuleError(_("The lead and the mentor must accept first."))
    blockers = start_blockers(project)
    if blockers:
        raise BusinessRuleError([str(blocker.message) for blocker in blockers])
    project.started_at = timezone.now()
    project.next_report_due = timezone.localdate() + timedelta(weeks=project.report_every_weeks)
    move(project, S.ACTIVE, actor=actor, extra_fields=("started_at", "next_report_due"))
    phase = project.phases.filter(status=PhaseStatus.PLANNED).order_by("order").first()
    if phase is not None:
        move(phase, PhaseStatus.ACTIVE, actor=actor, verb="phase started", detail=str(phase))
    tell(
        [project.requester, project.lead, project.mentor],
        message=lambda: (
            _("Your project starts: %(title)s") % {"title": project.title},
            _("Lead analyst: %(lead)s. Mentor: %(mentor)s. First progress report by %(due)s.")
            % {
                "lead": project.lead,
                "mentor": project.mentor or "—",
                "due": date_format(project.next_report_due, "DATE_FORMAT")
                if project.next_report_due
                else "—",
            },
        ),
        link=project_url(project),
    )
    return project
