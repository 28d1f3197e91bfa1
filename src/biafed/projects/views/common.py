from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from biafed.common.errors import BusinessRuleError
from biafed.projects.models import Project
from biafed.projects.rules import may, visible_projects


def project_for(request, pk: int, perm: str = "projects.view_project") -> Project:
    """The project if the person may see it (404 otherwise) and holds `perm` (403 otherwise)."""
    project = get_object_or_404(
        visible_projects(request.user).select_related(
            "requester", "lead", "mentor", "review_round", "source_booking", "entered_by"
        ),
        pk=pk,
    )
    if not may(request.user, perm, project):
        raise PermissionDenied
    return project


def require(request, perm: str, obj=None) -> None:
    if not may(request.user, perm, obj):
        raise PermissionDenied


def show_error(request, error) -> None:
    for message in error.messages:
        messages.error(request, message)


def add_errors(form, error) -> None:
    for message in error.messages:
        form.add_error(None, message)


def form_page(
    request,
    form,
    save: Callable[[dict], object],
    *,
    success: str | Callable[[dict], str],
    project: Project | None = None,
    done: str | None = None,
    template: str = "projects/form.html",
    **context,
) -> HttpResponse:
    """A form page that calls one service.

    On a valid POST, `save(form.cleaned_data)` calls the service. A `BusinessRuleError` it
    raises shows as form errors on the page again; otherwise `success` (a message, or a
    function of the cleaned data giving it) is flashed and the person goes to the URL named
    `done`, or else to the page of `project` (when no project is given: of the project `save`
    returned). A GET or an invalid form shows `template` with `form`, `project` (if given) and
    `context` (for projects/form.html: `heading`, `submit`, optionally `intro`, `back`, `after`,
    `after_title`).
    """
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = save(data)
        except BusinessRuleError as error:
            add_errors(form, error)
        else:
            messages.success(request, success(data) if callable(success) else success)
            if done:
                return redirect(done)
            return redirect("projects:detail", (project or saved).pk)
    if project is not None:
        context["project"] = project
    return render(request, template, {**context, "form": form})
