"""Projects' part of a person's data (people.privacy registry).

Project records stay after closure (Table 1, invoices and the ledger refer to them); the
data files of the person's projects are deleted and drafts they never submitted emptied."""

from django.db.models import Q
from django.utils.translation import ngettext

from biafed.intake.services.privacy import delete_files_of
from biafed.people.models import User
from biafed.projects.models import (
    FINAL_STATUSES,
    Comment,
    EffortEntry,
    Project,
    ProjectFeedback,
    ProjectStatus,
    Review,
)

DRAFT_TEXT_FIELDS = (
    "title",
    "summary",
    "biological_question",
    "images_description",
    "tried_so_far",
    "expected_outputs",
    "requester_institution",
    "invoice_institution",
    "invoice_address",
    "funding_source",
)


def _project(project: Project) -> dict:
    data = {
        "id": project.pk,
        "status": project.status,
        "channel": project.channel,
        "submitted_at": project.submitted_at,
        "started_at": project.started_at,
        "closed_at": project.closed_at,
        **{name: getattr(project, name) for name in DRAFT_TEXT_FIELDS},
        "deadline": project.deadline,
        "topics": [str(t) for t in project.topics.all()],
        "lead": str(project.lead) if project.lead_id else None,
        "mentor": str(project.mentor) if project.mentor_id else None,
        "notes": project.notes,
        "outputs": project.outputs,
        "deliverables": [
            {"title": d.title, "kind": d.kind, "url": d.url} for d in project.deliverables.all()
        ],
    }
    feedback = ProjectFeedback.objects.filter(project=project).first()
    if feedback is not None:
        data["feedback"] = {
            "usefulness": feedback.usefulness,
            "outputs_used": feedback.outputs_used,
            "comment": feedback.comment,
        }
    return data


def export_projects(user: User) -> dict:
    requested = (
        Project.objects.filter(requester=user)
        .select_related("lead", "mentor")
        .prefetch_related("topics", "deliverables")
        .order_by("created_at")
    )
    team = Project.objects.filter(Q(lead=user) | Q(mentor=user)).order_by("created_at")
    return {
        "requested": [_project(p) for p in requested],
        "lead_or_mentor": [{"id": p.pk, "title": p.title, "status": p.status} for p in team],
        "comments": [
            {"project": c.project_id, "text": c.text, "at": c.created_at}
            for c in Comment.objects.filter(author=user).order_by("created_at")
        ],
        "effort": [
            {"project": e.project_id, "date": e.date, "hours": e.hours, "note": e.note}
            for e in EffortEntry.objects.filter(analyst=user).order_by("date", "pk")
        ],
        "reviews": list(
            Review.objects.filter(reviewer=user).values("project_id", "created_at", "updated_at")
        ),
    }


def closure_blockers(user: User) -> list[str]:
    running = (
        Project.objects.filter(Q(requester=user) | Q(lead=user) | Q(mentor=user))
        .exclude(status__in=(*FINAL_STATUSES, ProjectStatus.DRAFT))
        .count()
    )
    if not running:
        return []
    return [
        ngettext(
            "You have %(n)s collaborative project in progress: it must be closed or "
            "withdrawn first.",
            "You have %(n)s collaborative projects in progress: they must be closed or "
            "withdrawn first.",
            running,
        )
        % {"n": running}
    ]


def erase_projects(*, user: User, actor: User | None) -> None:
    for project in Project.objects.filter(requester=user).prefetch_related("deliverables"):
        delete_files_of(project)
        for deliverable in project.deliverables.all():
            delete_files_of(deliverable)
    Project.objects.filter(requester=user, status=ProjectStatus.DRAFT).update(
        **{name: "" for name in DRAFT_TEXT_FIELDS}
    )
