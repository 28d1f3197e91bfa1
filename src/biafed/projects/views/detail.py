"""The project page every participant shares; its comment thread and publications."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.activity import history_of
from biafed.common.web import refusals_shown
from biafed.intake.registry import for_model
from biafed.projects import selectors
from biafed.projects.forms import (
    CadenceForm,
    CommentForm,
    ConflictForm,
    InvitationAnswerForm,
    PublicationForm,
    SendToReviewForm,
    WithdrawForm,
)
from biafed.projects.models import (
    InvitationStatus,
    Project,
    ProjectStatus,
    Review,
    SelectionCriterion,
)
from biafed.projects.registry import start_blockers
from biafed.projects.rules import may
from biafed.projects.services import requests as request_services
from biafed.projects.services import work
from biafed.projects.services.priority import rows_for
from biafed.projects.services.transitions import WITHDRAWABLE
from biafed.projects.views.common import project_for


def _phases(project):
    phases = list(project.phases.annotate(logged=Sum("effort__hours")).order_by("order"))
    for phase in phases:
        phase.logged = phase.logged or Decimal(0)
    return phases


def _intake_ready() -> bool:
    """Files can be attached once the intake app registered projects as attachable."""
    try:
        for_model(Project)
    except (ImportError, LookupError):
        return False
    return True


@login_required
def detail(request, pk: int):
    return _detail_page(request, project_for(request, pk))


WAITING_TO_START = (
    ProjectStatus.ACCEPTED,
    ProjectStatus.FEASIBILITY_ACCEPTED,
    ProjectStatus.ASSIGNING,
)


def _detail_page(request, project, *, comment_form=None):
    """The project page; `comment_form` is a refused comment, shown with what was typed."""
    user = request.user
    staff = may(user, "projects.manage")
    team = user.pk in (project.lead_id, project.mentor_id)
    is_requester = user.pk == project.requester_id
    context = {
        "project": project,
        "staff": staff,
        "team": team,
        "is_requester": is_requester,
        "topics": list(project.topics.all()),
        "decisions": list(project.decisions.select_related("decided_by")),
        "invitations": list(project.invitations.select_related("analyst")),
        "my_invitation": project.invitations.filter(
            analyst=user, status=InvitationStatus.PENDING
        ).first(),
        "phases": _phases(project),
        "effort": list(
            project.effort.select_related("analyst", "phase").order_by("-date", "-id")[:100]
        ),
        "effort_total": selectors.effort_hours(project),
        "consultation_total": selectors.consultation_hours(project),
        "reports": list(project.reports.select_related("author", "phase")),
        "deliverables": list(project.deliverables.select_related("added_by", "phase")),
        "comments": list(project.comments.select_related("author")),
        "publications": list(project.publications.all()),
        "feedback": getattr(project, "feedback", None)
        if project.status == ProjectStatus.COMPLETED
        else None,
        "missing": request_services.missing_answers(project)
        if project.status in (ProjectStatus.DRAFT, ProjectStatus.INFO_REQUESTED)
        else [],
        "intake_ready": _intake_ready(),
        "comment_form": comment_form or CommentForm(),
        "publication_form": PublicationForm(),
        "cadence_form": CadenceForm(initial={"weeks": project.report_every_weeks}),
        "answer_form": InvitationAnswerForm(),
        "withdraw_form": WithdrawForm(),
        "conflict_form": ConflictForm(),
        "can_withdraw": project.status in WITHDRAWABLE and (is_requester or staff),
        # what still stops the work from starting (billing: the quote), for coordinators
        "start_blockers": start_blockers(project)
        if staff and project.status in WAITING_TO_START
        else [],
        "can_edit": may(user, "projects.edit_request", project),
        "can_review": may(user, "projects.review", project),
        "can_conflict": may(user, "projects.declare_conflict", project),
        "can_log": may(user, "projects.log_effort", project),
        "can_decide_phase": may(user, "projects.decide_phase", project)
        and project.status == ProjectStatus.ACTIVE,
        "can_deliver": may(user, "projects.add_deliverable", project)
        and project.status == ProjectStatus.ACTIVE,
        "can_feedback": may(user, "projects.give_feedback", project),
        "can_comment": may(user, "projects.comment", project),
        "can_publish": may(user, "projects.add_publication", project)
        and project.status == ProjectStatus.COMPLETED,
    }
    if staff:
        [row] = rows_for([project])
        context.update(
            row=row,
            criteria=list(SelectionCriterion.objects.filter(is_active=True)),
            send_form=SendToReviewForm(),
            history=list(history_of(project)[:50]),
            duplicate=project.possible_duplicate_of,
        )
    elif context["can_review"] or context["can_conflict"]:
        context["my_review"] = (
            Review.objects.filter(project=project, review_round=project.review_round, reviewer=user)
            .prefetch_related("scores__criterion")
            .first()
        )
    return render(request, "projects/detail.html", context)


@login_required
@require_POST
def comment(request, pk: int):
    project = project_for(request, pk, "projects.comment")
    form = CommentForm(request.POST)
    if form.is_valid():
        with refusals_shown(request):
            work.add_comment(author=request.user, project=project, text=form.cleaned_data["text"])
            form = CommentForm()
    elif not request.htmx:
        return _detail_page(request, project, comment_form=form)
    if request.htmx:
        return render(
            request,
            "projects/_comments.html",
            {
                "project": project,
                "comments": project.comments.select_related("author"),
                "intake_ready": _intake_ready(),
                "comment_form": form,
                "can_comment": True,
            },
        )
    return redirect("projects:detail", project.pk)


@login_required
@require_POST
def publication(request, pk: int):
    project = project_for(request, pk, "projects.add_publication")
    form = PublicationForm(request.POST)
    if form.is_valid():
        with refusals_shown(request):
            work.add_publication(actor=request.user, project=project, **form.cleaned_data)
            messages.success(request, _("Publication recorded. Thank you!"))
    else:
        messages.error(request, _("Give the publication's title."))
    return redirect("projects:detail", project.pk)
