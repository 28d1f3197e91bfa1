"""Coordinators: the ranked priority queue, decisions, review rounds, selection criteria,
requests entered for others, team assignment, and proposing a project from a booking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import (
    Confirmation,
    confirmed_action,
    int_param,
    next_url,
    refusals_shown,
    require,
)
from biafed.opendesk.rules import visible_bookings
from biafed.people.models import HostFacility
from biafed.projects.forms import (
    CriterionForm,
    DecisionForm,
    EntryForm,
    RoundForm,
    SendToReviewForm,
    TeamForm,
)
from biafed.projects.models import ReviewRound, SelectionCriterion
from biafed.projects.services import decisions as decision_services
from biafed.projects.services import requests as request_services
from biafed.projects.services import review as review_services
from biafed.projects.services import team as team_services
from biafed.projects.services.priority import priority_queue, rows_for
from biafed.projects.views.common import project_for, project_form_page


@login_required
def queue(request):
    """Requests waiting for a decision, ranked by the documented priority formula."""
    require(request.user, "projects.manage")
    rows = priority_queue()
    return render(
        request,
        "projects/queue.html",
        {
            "rows": rows,
            "criteria": list(SelectionCriterion.objects.filter(is_active=True)),
            "send_form": SendToReviewForm(),
        },
    )


@login_required
def enter_request(request):
    require(request.user, "projects.enter_request")

    def enter(data):
        answers = dict(data)
        topics = answers.pop("topics")
        return request_services.enter_request(
            coordinator=request.user,
            requester_email=answers.pop("requester_email"),
            requester_name=answers.pop("requester_name"),
            channel=answers.pop("channel"),
            external_reference=answers.pop("external_reference"),
            answers=answers,
            topics=topics,
        )

    return project_form_page(
        request,
        EntryForm(request.POST or None),
        enter,
        success=_("The request is recorded and submitted."),
        heading=_("Enter a request received by e-mail or the Euro-BioImaging portal"),
        submit=_("Record and submit"),
    )


@login_required
def decide(request, pk: int):
    project = project_for(request, pk, "projects.decide")
    [row] = rows_for([project])
    form = DecisionForm(
        request.POST or None,
        initial={
            "estimated_hours": row.mean_effort,
            "duration_weeks": round(row.mean_duration) if row.mean_duration else None,
        },
    )
    return project_form_page(
        request,
        form,
        lambda data: decision_services.decide(coordinator=request.user, project=project, **data),
        success=_("Decision recorded; the requester is told."),
        template="projects/decide.html",
        confirm=lambda data: Confirmation(
            title=_("Record this decision on “%(title)s”?") % {"title": project.title},
            effects=decision_services.decision_effects(project, **data),
            action=_("Record the decision and tell the requester"),
        ),
        project=project,
        row=row,
        criteria=SelectionCriterion.objects.filter(is_active=True),
        warnings=decision_services.early_decision_warnings(project),
    )


@login_required
@require_POST
def send_to_review(request, pk: int):
    project = project_for(request, pk, "projects.manage")
    form = SendToReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an open review round (or open one first)."))
        return redirect(next_url(request, "projects:queue"))
    with refusals_shown(request):
        review_services.send_to_review(
            coordinator=request.user,
            project=project,
            review_round=form.cleaned_data["review_round"],
        )
        messages.success(request, _("Sent to the committee."))
    return redirect(next_url(request, "projects:queue"))


@login_required
def rounds(request):
    require(request.user, "projects.manage")
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if "close" in request.POST:
            review_round = get_object_or_404(ReviewRound, pk=int_param(request.POST, "close"))

            def perform():
                review_services.close_round(coordinator=request.user, review_round=review_round)
                messages.success(request, _("Round closed."))

            return confirmed_action(
                request,
                review_services.closing_confirmation(review_round),
                perform=perform,
                done=reverse("projects:rounds"),
                fields={"close": str(review_round.pk)},
            )
        if form.is_valid():
            with refusals_shown(form=form):
                review_services.create_round(coordinator=request.user, **form.cleaned_data)
                messages.success(request, _("Review round opened."))
                return redirect("projects:rounds")
    all_rounds = ReviewRound.objects.annotate(
        request_count=Count("projects", distinct=True), review_count=Count("reviews", distinct=True)
    )
    return render(request, "projects/rounds.html", {"rounds": all_rounds, "form": form})


@login_required
def criteria(request):
    require(request.user, "projects.manage")
    return render(
        request,
        "projects/criteria.html",
        {"criteria": SelectionCriterion.objects.all(), "form": CriterionForm()},
    )


@login_required
def criterion_edit(request, pk: int | None = None):
    require(request.user, "projects.manage")
    criterion = get_object_or_404(SelectionCriterion, pk=pk) if pk else None
    return project_form_page(
        request,
        CriterionForm(request.POST or None, instance=criterion),
        lambda data: review_services.save_criterion(
            coordinator=request.user, criterion=criterion, values=data
        ),
        success=_("Criterion saved."),
        done="projects:criteria",
        heading=_("Selection criterion"),
        submit=_("Save"),
        back="projects:criteria",
    )


@login_required
def team(request, pk: int):
    """Suggested lead and mentor (expertise, remaining capacity), and the assignment form."""
    project = project_for(request, pk, "projects.manage")
    suggestion = None
    with refusals_shown() as problem:
        suggestion = team_services.suggest_team(actor=request.user, project=project)
    initial = {}
    if project.lead_id or (suggestion and suggestion.lead):
        initial["lead"] = project.lead_id or suggestion.lead.analyst.pk
    if project.mentor_id or (suggestion and suggestion.mentor):
        initial["mentor"] = project.mentor_id or suggestion.mentor.analyst.pk
    return project_form_page(
        request,
        TeamForm(request.POST or None, initial=initial),
        lambda data: team_services.assign_team(
            coordinator=request.user, project=project, lead=data["lead"], mentor=data["mentor"]
        ),
        success=_("Invitations sent; the project starts once both accept."),
        project=project,
        template="projects/team.html",
        suggestion=suggestion,
        problem=str(problem),
        invitations=project.invitations.select_related("analyst"),
        site_names=dict(HostFacility.objects.values_list("pk", "name")) if suggestion else {},
    )


@login_required
@require_POST
def convert_booking(request, booking_id: int):
    """The button on an open-desk booking: propose a collaborative project from it."""
    booking = get_object_or_404(
        visible_bookings(request.user).select_related("requester"), pk=booking_id
    )
    require(request.user, "projects.convert_booking", booking)
    with refusals_shown(request):
        project = request_services.convert_booking(actor=request.user, booking=booking)
        messages.success(
            request,
            _("A draft project request was created; the requester completes and submits it."),
        )
        return redirect("projects:detail", project.pk)
    return redirect("opendesk:booking_detail", booking.pk)
