"""Requesters: the projects home page, the guided request form, withdrawal, feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import (
    Confirmation,
    choice_param,
    confirmed_action,
    refusals_shown,
    require,
    text_param,
)
from biafed.projects.forms import GUIDANCE, FeedbackForm, ProjectRequestForm
from biafed.projects.models import InvitationStatus, ProjectStatus, TeamInvitation
from biafed.projects.rules import may, visible_projects
from biafed.projects.services import requests as request_services
from biafed.projects.services import work
from biafed.projects.views.common import project_for, project_form_page

PAGE_SIZE = 25


@login_required
def home(request):
    """Everyone's entry page: what waits for them, then the projects they may see."""
    user = request.user
    projects = visible_projects(user).select_related("requester", "lead", "mentor")
    status = choice_param(request.GET, "status", ProjectStatus.values)
    if status:
        projects = projects.filter(status=status)
    mine = request.GET.get("mine") == "1"
    if mine:
        projects = (
            projects.filter(requester=user)
            | projects.filter(lead=user)
            | projects.filter(mentor=user)
        )
    page = Paginator(projects.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    invitations = TeamInvitation.objects.filter(
        analyst=user, status=InvitationStatus.PENDING
    ).select_related("project")
    to_review = []
    if may(user, "projects.review_any"):
        to_review = list(
            visible_projects(user)
            .filter(status=ProjectStatus.UNDER_REVIEW)
            .exclude(reviews__reviewer=user)
            .select_related("review_round", "requester")
            .order_by("review_round__review_deadline", "pk")[:50]
        )
    return render(
        request,
        "projects/home.html",
        {
            "page": page,
            "status": status,
            "mine": mine,
            "statuses": ProjectStatus.choices,
            "invitations": list(invitations),
            "to_review": to_review,
        },
    )


@login_required
@require_POST
def new_request(request):
    require(request.user, "projects.request_project")
    project = request_services.start_request(requester=request.user)
    return redirect("projects:edit", project.pk)


@login_required
def request_edit(request, pk: int):
    """The guided form: save a draft any time, submit when complete."""
    project = project_for(request, pk, "projects.edit_request")
    form = ProjectRequestForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        topics = data.pop("topics")
        with refusals_shown(form=form):
            request_services.save_answers(
                actor=request.user, project=project, answers=data, topics=topics
            )
            return _saved_or_submitted(request, form, project)
    return _request_form_page(request, form, project)


def _saved_or_submitted(request, form, project):
    """After the answers are saved: submit them when asked, else back to the draft."""
    if "submit" not in request.POST:
        messages.success(request, _("Saved. You can come back and finish later."))
        return redirect("projects:edit", project.pk)
    with refusals_shown(form=form):
        request_services.submit_request(requester=request.user, project=project)
        messages.success(request, _("Your request is submitted. The committee will review it."))
        return redirect("projects:detail", project.pk)
    return _request_form_page(request, form, project)


def _request_form_page(request, form, project):
    return render(
        request,
        "projects/request_form.html",
        {
            "project": project,
            "form": form,
            "missing": request_services.missing_answers(project),
            "guidance": GUIDANCE,
            "decision": project.decisions.first()
            if project.status == ProjectStatus.INFO_REQUESTED
            else None,
        },
    )


@login_required
def withdraw(request, pk: int):
    """Withdraw a request (its requester or a coordinator), once confirmed."""
    project = project_for(request, pk, "projects.withdraw")
    reason = text_param(request.POST, "reason", max_length=300)

    def perform():
        request_services.withdraw(actor=request.user, project=project, reason=reason)
        messages.success(request, _("The request is withdrawn."))

    return confirmed_action(
        request,
        Confirmation(
            title=_("Withdraw the request “%(title)s”?") % {"title": project.title},
            effects=[
                _("The request is closed as withdrawn; it cannot be reopened."),
                _("To ask again later, submit a new request."),
            ],
            action=_("Withdraw the request"),
            refusals=request_services.withdrawal_refusals(project),
        ),
        perform=perform,
        done=reverse("projects:detail", args=[project.pk]),
        fields={"reason": reason} if reason else None,
    )


@login_required
def feedback(request, pk: int):
    project = project_for(request, pk, "projects.give_feedback")
    return project_form_page(
        request,
        FeedbackForm(request.POST or None),
        lambda data: work.give_feedback(requester=request.user, project=project, **data),
        success=_("Thank you for your feedback."),
        project=project,
        heading=_("Your feedback on the project"),
        submit=_("Send"),
        after=project.acknowledgement_text,
        after_title=_("Acknowledging the infrastructure"),
    )
