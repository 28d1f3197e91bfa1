"""The work of a running project: phases with go/no-go, effort, progress reports and their
reminders, comments, deliverables, closure, feedback and publications."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move, move_rows
from biafed.common.validators import EARLIEST_DATE, check_fields, normalise_doi
from biafed.people.models import User
from biafed.projects.models import (
    Comment,
    Deliverable,
    DeliverableKind,
    EffortActivity,
    EffortEntry,
    Phase,
    PhaseStatus,
    ProgressReport,
    Project,
    ProjectFeedback,
    Publication,
)
from biafed.projects.models import ProjectStatus as S
from biafed.projects.rules import is_participant, is_staff_member, may
from biafed.projects.services.common import coordinators, lock, project_url, tell

PHASE_FIELDS = ("kind", "title", "goals", "budget_hours")
DELIVERABLE_FIELDS = ("kind", "title", "description", "url", "version", "doi")


def _is_team(user: User, project: Project) -> bool:
    return user.pk in (project.lead_id, project.mentor_id)


def _require_running(project: Project) -> None:
    if project.status != S.ACTIVE:
        raise BusinessRuleError(_("This project is not in progress."))


def _require_team(user: User, project: Project, *, staff_too: bool = False) -> None:
    if _is_team(user, project) or (staff_too and may(user, "projects.manage")):
        return
    raise BusinessRuleError(_("Only the project's lead and mentor can do this."))


def active_phase(project: Project) -> Phase | None:
    return project.phases.filter(status=PhaseStatus.ACTIVE).first()


# --- Phases -------------------------------------------------------------------------------


def add_phase(*, actor: User, project: Project, values: dict) -> Phase:
    """Plan a further phase (coordinator or lead); it opens on the current phase's "go"."""
    if not may(actor, "projects.decide_phase", project):
        raise BusinessRuleError(_("Only the lead or a coordinator plans phases."))
    if project.is_closed:
        raise BusinessRuleError(_("This project is closed."))
    if not values.get("title") or values.get("budget_hours") is None:
        raise BusinessRuleError(_("Give the phase a title and budgeted hours."))
    with transaction.atomic():
        project = lock(project)
        last = project.phases.aggregate(last=Max("order"))["last"] or 0
        phase = Phase.objects.create(
            project=project,
            order=last + 1,
            **{f: values[f] for f in PHASE_FIELDS if f in values},
        )
        activity.record(actor=actor, verb="planned phase", subject=project, detail=phase.title)
    return phase


@transaction.atomic
def decide_phase(
    *, actor: User, phase: Phase, go: bool, reason: str, next_phase: dict | None = None
) -> Phase:
    """Go / no-go at the end of the active phase, with reasons.

    - go: the phase ends "go" and the next phase opens — the next planned one, or a new one
      described by `next_phase` (kind, title, goals, budget_hours); one is required;
    - no-go: the phase ends "no-go" and the project closes with the reasons as its
      conclusion (as the infeasible cilia project of Table 1); everyone is told.
    """
    project = lock(phase.project)
    phase = Phase.objects.select_for_update().get(pk=phase.pk)
    if not may(actor, "projects.decide_phase", project):
        raise BusinessRuleError(_("Only the lead or a coordinator decides go or no-go."))
    _require_running(project)
    if phase.status != PhaseStatus.ACTIVE:
        raise BusinessRuleError(_("Only the phase in progress can end with go or no-go."))
    if not reason.strip():
        raise BusinessRuleError(_("Give the reasons for the decision."))
    following = None
    if go:
        following = (
            project.phases.filter(status=PhaseStatus.PLANNED, order__gt=phase.order)
            .order_by("order")
            .first()
        )
        if following is None and not next_phase:
            raise BusinessRuleError(
                _("Describe the next phase (or plan it first): “go” opens the next phase.")
            )
    phase.decision_reason = reason.strip()
    phase.decided_by = actor
    move(
        phase,
        PhaseStatus.GO if go else PhaseStatus.NO_GO,
        actor=actor,
        verb="go" if go else "no-go",
        detail=f"{phase}: {reason}",
        extra_fields=("decision_reason", "decided_by"),
    )
    if go:
        if following is None:
            following = Phase.objects.create(
                project=project,
                order=phase.order + 1,
                # A "go" without a planned phase was refused above without `next_phase`.
                **{f: next_phase[f] for f in PHASE_FIELDS if f in next_phase},  # type: ignore[index,operator]
            )
        move(
            following, PhaseStatus.ACTIVE, actor=actor, verb="phase started", detail=str(following)
        )
        message = lambda: (  # noqa: E731
            _("Go: %(title)s moves on to “%(phase)s”") % {"title": project, "phase": following},
            phase.decision_reason,
        )
    else:
        project.notes = phase.decision_reason
        project.next_report_due = None
        move(
            project,
            S.CLOSED_NO_GO,
            actor=actor,
            detail=reason,
            extra_fields=("notes", "next_report_due"),
        )
        message = lambda: (  # noqa: E731
            _("No-go: %(title)s is closed") % {"title": project},
            phase.decision_reason,
        )
    tell(
        [project.requester, project.lead, project.mentor, *coordinators()],
        message=message,
        link=project_url(project),
        skip=actor,
    )
    return phase


# --- Effort -------------------------------------------------------------------------------


def log_effort(
    *,
    analyst: User,
    project: Project,
    day: date,
    hours: Decimal,
    activity_kind: str,
    phase: Phase | None = None,
    note: str = "",
) -> EffortEntry:
    """The lead or the mentor logs hours on a running project (on the active phase by
    default). Hours are positive, at most 24 a day, and never in the future."""
    _require_team(analyst, project)
    _require_running(project)
    if hours is None or hours <= 0 or hours > 24:
        raise BusinessRuleError(_("Hours must be more than 0 and at most 24."))
    if day > timezone.localdate():
        raise BusinessRuleError(_("Effort cannot be logged in the future."))
    if day < EARLIEST_DATE:
        raise BusinessRuleError(_("Enter a date from 2000 on."))
    if activity_kind not in EffortActivity.values:
        raise BusinessRuleError(_("Choose an activity."))
    if phase is None:
        phase = active_phase(project)
    elif phase.project_id != project.pk:
        raise BusinessRuleError(_("This phase belongs to another project."))
    entry = EffortEntry.objects.create(
        project=project,
        phase=phase,
        analyst=analyst,
        date=day,
        hours=hours,
        activity=activity_kind,
        note=note,
    )
    activity.record(actor=analyst, verb="logged effort", subject=project, detail=f"{hours} h")
    return entry


def delete_effort(*, analyst: User, entry: EffortEntry) -> None:
    """An analyst removes their own entry while the project runs."""
    if entry.analyst_id != analyst.pk:
        raise BusinessRuleError(_("You can only remove your own entries."))
    _require_running(entry.project)
    activity.record(
        actor=analyst, verb="removed effort", subject=entry.project, detail=f"{entry.hours} h"
    )
    entry.delete()


# --- Progress reports and their reminders -------------------------------------------------


@transaction.atomic
def submit_report(
    *, author: User, project: Project, done: str, next_steps: str = "", blockers: str = ""
) -> ProgressReport:
    """A progress report by the lead or the mentor; the next one is due after the project's
    cadence; the requester, mentor (or lead) and coordinators are told."""
    project = lock(project)
    _require_team(author, project)
    _require_running(project)
    if not done.strip():
        raise BusinessRuleError(_("Say what was done."))
    report = ProgressReport.objects.create(
        project=project,
        phase=active_phase(project),
        author=author,
        done=done.strip(),
        next_steps=next_steps.strip(),
        blockers=blockers.strip(),
    )
    project.next_report_due = timezone.localdate() + timedelta(weeks=project.report_every_weeks)
    project.save(update_fields=["next_report_due", "updated_at"])
    activity.record(actor=author, verb="reported", subject=project)
    tell(
        [project.requester, project.mentor, project.lead],
        message=lambda: (
            _("Progress report: %(title)s") % {"title": project},
            report.done
            + (f"\n\n{_('Next steps:')} {report.next_steps}" if report.next_steps else "")
            + (f"\n\n{_('Needed:')} {report.blockers}" if report.blockers else ""),
        ),
        link=project_url(project),
        skip=author,
    )
    return report


def set_report_cadence(*, actor: User, project: Project, weeks: int) -> Project:
    if not may(actor, "projects.decide_phase", project):
        raise BusinessRuleError(_("Only the lead or a coordinator sets the report cadence."))
    if not 1 <= weeks <= 26:
        raise BusinessRuleError(_("A report every 1 to 26 weeks."))
    project.report_every_weeks = weeks
    fields = ["report_every_weeks", "updated_at"]
    if project.status == S.ACTIVE:
        last = project.reports.order_by("-submitted_at").first()
        since = (
            timezone.localdate(last.submitted_at)
            if last
            else timezone.localdate(project.started_at)
        )
        project.next_report_due = since + timedelta(weeks=weeks)
        fields.append("next_report_due")
    project.save(update_fields=fields)
    activity.record(actor=actor, verb="set report cadence", subject=project, detail=str(weeks))
    return project


def send_report_reminders(*, now: datetime) -> int:
    """Periodic job: remind the lead (and mentor) of each running project whose progress
    report is due. Idempotent: one reminder per project and due date."""
    today = timezone.localdate(now)
    due = Project.objects.filter(status=S.ACTIVE, next_report_due__lte=today).select_related(
        "lead", "mentor"
    )
    sent = 0
    for project in due:
        sent += tell(
            [project.lead, project.mentor],
            # The default argument binds this project; mypy cannot infer such a lambda.
            message=lambda project=project: (  # type: ignore[misc]
                _("Progress report due: %(title)s") % {"title": project},
                _(
                    "A progress report for %(title)s was due on %(due)s. It takes five minutes: "
                    "what was done, next steps, what you need from the requester."
                )
                % {"title": project, "due": date_format(project.next_report_due, "DATE_FORMAT")},
            ),
            link=project_url(project),
            # `due` holds projects with a due date only.
            dedupe=f"project-report:{project.pk}:{project.next_report_due.isoformat()}",  # type: ignore[union-attr]
        )
    return sent


# --- Comments and deliverables ------------------------------------------------------------


def add_comment(*, author: User, project: Project, text: str) -> Comment:
    """A message in the project's thread; the other participants are e-mailed."""
    if not may(author, "projects.comment", project):
        raise BusinessRuleError(_("Only the requester, the team and coordinators comment."))
    if not text.strip():
        raise BusinessRuleError(_("Write something first."))
    comment = Comment(project=project, author=author, text=text.strip())
    check_fields(comment, "text")
    comment.save()
    tell(
        [project.requester, project.lead, project.mentor],
        message=lambda: (
            _("%(who)s commented on %(title)s") % {"who": author, "title": project},
            comment.text,
        ),
        link=project_url(project) + f"#comment-{comment.pk}",
        skip=author,
    )
    return comment


def add_deliverable(*, actor: User, project: Project, values: dict) -> Deliverable:
    """A pipeline, script, notebook, report or results: a link (URL, with version or DOI) or
    files attached to it afterwards; the requester is told."""
    if not (is_participant | is_staff_member).test(actor, project):
        raise BusinessRuleError(_("Only the project's team adds deliverables."))
    if project.status not in (S.ACTIVE, S.COMPLETED):
        raise BusinessRuleError(_("Deliverables are added to a project in progress."))
    if values.get("kind") not in DeliverableKind.values or not values.get("title"):
        raise BusinessRuleError(_("Give the deliverable a kind and a title."))
    deliverable = Deliverable(
        project=project,
        phase=active_phase(project),
        added_by=actor,
        **{f: values.get(f) or "" for f in DELIVERABLE_FIELDS},
    )
    deliverable.doi = normalise_doi(deliverable.doi)
    check_fields(deliverable, *DELIVERABLE_FIELDS)
    deliverable.save()
    activity.record(
        actor=actor, verb="added deliverable", subject=project, detail=deliverable.title
    )
    tell(
        [project.requester, project.lead, project.mentor],
        message=lambda: (
            _("New deliverable: %(title)s") % {"title": deliverable.title},
            _("%(kind)s for %(project)s. %(url)s")
            % {
                "kind": deliverable.get_kind_display(),
                "project": project,
                "url": deliverable.url,
            },
        ),
        link=project_url(project),
        skip=actor,
    )
    return deliverable


# --- Closure ------------------------------------------------------------------------------


def acknowledgement_text(project: Project) -> str:
    """The sentence requesters are asked to put in their publications' acknowledgements."""
    team = ", ".join(str(p) for p in (project.lead, project.mentor) if p is not None)
    return _(
        "We thank %(team)s of the %(network)s distributed core facility for bioimage analysis "
        "for the image analysis carried out in the collaborative project “%(title)s”."
    ) % {"team": team, "network": settings.BIAFED_NETWORK_NAME, "title": project.title}


@transaction.atomic
def complete_project(
    *, actor: User, project: Project, conclusion: str, outputs: str = ""
) -> Project:
    """The lead or a coordinator closes a running project as completed: the phase in progress
    ends "go", the conclusion (Table 1's notes) and outputs are recorded, and the requester is
    asked for feedback and to acknowledge the infrastructure."""
    project = lock(project)
    if not may(actor, "projects.decide_phase", project):
        raise BusinessRuleError(_("Only the lead or a coordinator completes the project."))
    _require_running(project)
    if not conclusion.strip():
        raise BusinessRuleError(_("Write the conclusion of the project."))
    now = timezone.now()
    move_rows(
        project.phases.all(),
        PhaseStatus.GO,
        source=PhaseStatus.ACTIVE,
        decision_reason=_("Delivered."),
        decided_by=actor,
        decided_at=now,
        ended_at=now,
    )
    project.phases.filter(status=PhaseStatus.PLANNED).delete()
    project.notes = conclusion.strip()
    project.outputs = outputs.strip()
    project.next_report_due = None
    project.acknowledgement_text = acknowledgement_text(project)
    move(
        project,
        S.COMPLETED,
        actor=actor,
        detail=conclusion,
        extra_fields=("notes", "outputs", "next_report_due", "acknowledgement_text"),
    )
    tell(
        [project.requester],
        message=lambda: (
            _("Your project is complete: %(title)s") % {"title": project},
            _(
                "%(conclusion)s\n\nTwo minutes of feedback help us improve the service. If the "
                "outputs help your research, please acknowledge the infrastructure in your "
                "publications:\n\n%(ack)s"
            )
            % {"conclusion": project.notes, "ack": project.acknowledgement_text},
        ),
        link=project_url(project),
    )
    tell(
        [project.mentor, *coordinators()],
        message=lambda: (_("Project completed: %(title)s") % {"title": project}, project.notes),
        link=project_url(project),
        skip=actor,
    )
    return project


def give_feedback(
    *, requester: User, project: Project, usefulness: int, outputs_used: str = "", comment: str = ""
) -> ProjectFeedback:
    if project.requester_id != requester.pk:
        raise BusinessRuleError(_("Only the requester gives feedback on the project."))
    if project.status != S.COMPLETED:
        raise BusinessRuleError(_("Feedback is given once the project is complete."))
    if not 1 <= int(usefulness) <= 5:
        raise BusinessRuleError(_("Usefulness goes from 1 to 5."))
    if ProjectFeedback.objects.filter(project=project).exists():
        raise BusinessRuleError(_("You already gave feedback on this project. Thank you!"))
    feedback = ProjectFeedback.objects.create(
        project=project, usefulness=usefulness, outputs_used=outputs_used, comment=comment
    )
    activity.record(actor=requester, verb="gave feedback", subject=project)
    tell(
        [project.lead, project.mentor, *coordinators()],
        message=lambda: (
            _("Feedback on %(title)s: %(n)s/5") % {"title": project, "n": usefulness},
            comment or outputs_used or "—",
        ),
        link=project_url(project),
    )
    return feedback


def add_publication(
    *, actor: User, project: Project, title: str, doi: str = "", year: int | None = None
) -> Publication:
    """A publication that used the project's outputs, recorded whenever it appears."""
    if not may(actor, "projects.add_publication", project):
        raise BusinessRuleError(_("Only the requester, the team or a coordinator adds it."))
    if project.status != S.COMPLETED:
        raise BusinessRuleError(_("Publications are recorded once the project is complete."))
    if not title.strip():
        raise BusinessRuleError(_("Give the publication's title."))
    doi = normalise_doi(doi)
    publication = Publication(
        project=project, title=title.strip(), doi=doi, year=year, added_by=actor
    )
    check_fields(publication, "title", "doi")
    publication.save()
    activity.record(actor=actor, verb="added publication", subject=project, detail=doi)
    return publication
