"""Committee members: review a request in its round, or declare a conflict of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.web import refusals_shown
from biafed.projects.forms import ConflictForm, ReviewForm
from biafed.projects.models import Review, SelectionCriterion
from biafed.projects.services import review as review_services
from biafed.projects.views.common import project_for, project_form_page


def _initial(review: Review | None) -> dict | None:
    if review is None:
        return None
    initial = {
        "feasibility": review.feasibility,
        "effort_hours": review.effort_hours,
        "start_delay_weeks": review.start_delay_weeks,
        "duration_weeks": review.duration_weeks,
        "comment": review.comment,
        "expertise": list(review.expertise.all()),
    }
    initial.update({f"criterion_{s.criterion_id}": s.score for s in review.scores.all()})
    return initial


@login_required
def review(request, pk: int):
    project = project_for(request, pk, "projects.review")
    criteria = SelectionCriterion.objects.filter(is_active=True)
    existing = Review.objects.filter(
        project=project, review_round=project.review_round, reviewer=request.user
    ).first()
    form = ReviewForm(request.POST or None, criteria=criteria, initial=_initial(existing))
    return project_form_page(
        request,
        form,
        lambda data: review_services.submit_review(
            reviewer=request.user,
            project=project,
            values=data,
            scores=form.scores(),
            expertise=data["expertise"],
        ),
        success=_("Your review is saved. You can change it until the round closes."),
        project=project,
        template="projects/review_form.html",
        existing=existing,
        conflict_form=ConflictForm(),
    )


@login_required
@require_POST
def conflict(request, pk: int):
    project = project_for(request, pk, "projects.declare_conflict")
    form = ConflictForm(request.POST)
    form.is_valid()
    with refusals_shown(request):
        review_services.declare_conflict(
            reviewer=request.user, project=project, reason=form.cleaned_data.get("reason", "")
        )
        messages.success(
            request, _("Conflict of interest recorded: this request is hidden from you.")
        )
        return redirect("projects:home")
    return redirect("projects:detail", project.pk)
