"""The project team (lead and mentor) and host-facility managers: invitations, capacity,
effort, progress reports, phases and go/no-go, deliverables, completion."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import Confirmation, int_param, refusals_shown, require
from biafed.projects.forms import (
    CadenceForm,
    CapacityForm,
    CompleteForm,
    DeliverableForm,
    EffortForm,
    InvitationAnswerForm,
    PhaseDecisionForm,
    PhaseForm,
    ReportForm,
)
from biafed.projects.models import (
    EffortEntry,
    Phase,
    PhaseStatus,
    ProjectCapacity,
    TeamInvitation,
)
from biafed.projects.rules import may
from biafed.projects.services import team as team_services
from biafed.projects.services import work
from biafed.projects.views.common import project_for, project_form_page


@login_required
@require_POST
def answer_invitation(request, pk: int, invitation_id: int):
    project = project_for(request, pk)
    invitation = get_object_or_404(TeamInvitation, pk=invitation_id, project=project)
    form = InvitationAnswerForm(request.POST)
    form.is_valid()
    accept = request.POST.get("answer") == "accept"
    with refusals_shown(request):
        team_services.answer_invitation(
            analyst=request.user,
            invitation=invitation,
            accept=accept,
            reason=form.cleaned_data.get("reason", ""),
        )
        messages.success(request, _("Thank you: you accepted.") if accept else _("You declined."))
    return redirect("projects:detail", project.pk)


@login_required
def capacity(request):
    """Analysts declare their project hours; facility managers (and coordinators) approve."""
    user = request.user
    if not (may(user, "projects.declare_capacity") or may(user, "projects.approve_capacity")):
        raise PermissionDenied
    mine = ProjectCapacity.objects.filter(analyst=user).first()
    form = CapacityForm(
        request.POST or None, initial={"hours_per_month": mine.hours_per_month if mine else None}
    )
    if request.method == "POST":
        if "approve" in request.POST:
            record = get_object_or_404(ProjectCapacity, pk=int_param(request.POST, "approve"))
            with refusals_shown(request):
                team_services.approve_capacity(manager=user, capacity=record)
                messages.success(request, _("Approved."))
            return redirect("projects:capacity")
        require(request.user, "projects.declare_capacity")
        if form.is_valid():
            with refusals_shown(form=form):
                team_services.declare_capacity(analyst=user, **form.cleaned_data)
                messages.success(
                    request, _("Saved; your host-facility manager is asked to approve.")
                )
                return redirect("projects:capacity")
    to_approve = []
    if may(user, "projects.approve_capacity"):
        records = ProjectCapacity.objects.select_related(
            "analyst__analyst_profile__host_facility", "approved_by"
        ).order_by("approved_at", "analyst__full_name")
        if not may(user, "projects.manage"):
            records = records.filter(analyst__analyst_profile__host_facility__managers=user)
        to_approve = list(records)
        remaining = team_services.remaining_capacity([r.analyst_id for r in to_approve])
        for record in to_approve:
            record.remaining = remaining[record.analyst_id]
    return render(
        request,
        "projects/capacity.html",
        {
            "form": form if may(user, "projects.declare_capacity") else None,
            "mine": mine,
            "remaining": team_services.remaining_capacity([user.pk])[user.pk] if mine else None,
            "records": to_approve,
        },
    )


@login_required
def effort(request, pk: int):
    project = project_for(request, pk, "projects.log_effort")
    form = EffortForm(
        request.POST or None,
        project=project,
        initial={"date": timezone.localdate(), "phase": work.active_phase(project)},
    )
    return project_form_page(
        request,
        form,
        lambda data: work.log_effort(
            analyst=request.user,
            project=project,
            day=data["date"],
            hours=data["hours"],
            activity_kind=data["activity"],
            phase=data["phase"],
            note=data["note"],
        ),
        success=lambda data: _("%(h)s h logged.") % {"h": data["hours"]},
        project=project,
        heading=_("Log effort"),
        submit=_("Log"),
    )


@login_required
@require_POST
def effort_delete(request, pk: int, entry_id: int):
    project = project_for(request, pk, "projects.log_effort")
    entry = get_object_or_404(EffortEntry, pk=entry_id, project=project)
    with refusals_shown(request):
        work.delete_effort(analyst=request.user, entry=entry)
    return redirect("projects:detail", project.pk)


@login_required
def report(request, pk: int):
    project = project_for(request, pk, "projects.write_report")
    return project_form_page(
        request,
        ReportForm(request.POST or None),
        lambda data: work.submit_report(author=request.user, project=project, **data),
        success=_("Report sent to the requester and the mentor."),
        project=project,
        heading=_("Progress report"),
        submit=_("Send the report"),
    )


@login_required
def phase_decide(request, pk: int, phase_id: int):
    project = project_for(request, pk, "projects.decide_phase")
    phase = get_object_or_404(Phase, pk=phase_id, project=project, status=PhaseStatus.ACTIVE)
    form = PhaseDecisionForm(request.POST or None)
    planned = project.phases.filter(status=PhaseStatus.PLANNED, order__gt=phase.order).first()
    return project_form_page(
        request,
        form,
        lambda data: work.decide_phase(
            actor=request.user,
            phase=phase,
            go=data["decision"] == "go",
            reason=data["reason"],
            next_phase=form.next_phase(),
        ),
        success=_("Decision recorded."),
        project=project,
        heading=_("Go or no-go: %(phase)s") % {"phase": phase},
        intro=_("Next planned phase: %(p)s. Leave the next-phase fields empty to open it.")
        % {"p": planned}
        if planned
        else _("No further phase is planned: describe the next one to decide “go”."),
        submit=_("Record the decision"),
        confirm=lambda data: Confirmation(
            title=_("Record “%(decision)s” for %(phase)s?")
            % {
                "decision": PhaseStatus.GO.label
                if data["decision"] == "go"
                else PhaseStatus.NO_GO.label,
                "phase": phase,
            },
            effects=[
                _("The phase ends “go” and the next phase opens.")
                if data["decision"] == "go"
                else _("The phase ends “no-go” and the project closes with your reasons."),
                _("The decision and its reasons stay in the project's history."),
            ],
            action=_("Record the decision"),
        ),
    )


@login_required
def phase_add(request, pk: int):
    project = project_for(request, pk, "projects.decide_phase")
    return project_form_page(
        request,
        PhaseForm(request.POST or None),
        lambda data: work.add_phase(actor=request.user, project=project, values=data),
        success=_("Phase planned."),
        project=project,
        heading=_("Plan a phase"),
        submit=_("Save"),
    )


@login_required
def deliverable(request, pk: int):
    project = project_for(request, pk, "projects.add_deliverable")
    return project_form_page(
        request,
        DeliverableForm(request.POST or None),
        lambda data: work.add_deliverable(actor=request.user, project=project, values=data),
        success=_("Deliverable added."),
        project=project,
        heading=_("Add a deliverable"),
        intro=_("Link it (repository, Zenodo, shared folder) or attach files on the project page."),
        submit=_("Add"),
    )


@login_required
def complete(request, pk: int):
    project = project_for(request, pk, "projects.decide_phase")
    return project_form_page(
        request,
        CompleteForm(request.POST or None),
        lambda data: work.complete_project(actor=request.user, project=project, **data),
        success=_("Project completed; the requester is asked for feedback."),
        project=project,
        heading=_("Complete the project"),
        submit=_("Complete the project"),
        confirm=lambda data: Confirmation(
            title=_("Complete “%(title)s”?") % {"title": project.title},
            effects=[
                _("The project closes as completed: no more effort, reports or phases."),
                _("Phases still planned are removed."),
                _("The requester is asked for feedback and to acknowledge the infrastructure."),
            ],
            action=_("Complete the project"),
        ),
    )


@login_required
@require_POST
def cadence(request, pk: int):
    project = project_for(request, pk, "projects.decide_phase")
    form = CadenceForm(request.POST)
    if form.is_valid():
        with refusals_shown(request):
            work.set_report_cadence(
                actor=request.user, project=project, weeks=form.cleaned_data["weeks"]
            )
            messages.success(request, _("Report cadence saved."))
    else:
        messages.error(request, _("A report every 1 to 26 weeks."))
    return redirect("projects:detail", project.pk)
