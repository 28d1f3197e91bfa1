from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from biafed.common.web import form_page, require
from biafed.projects.models import Project
from biafed.projects.rules import visible_projects


def project_for(request, pk: int, perm: str = "projects.view_project") -> Project:
    """The project if the person may see it (404 otherwise) and holds `perm` (403 otherwise)."""
    project = get_object_or_404(
        visible_projects(request.user).select_related(
            "requester", "lead", "mentor", "review_round", "source_booking", "entered_by"
        ),
        pk=pk,
    )
    require(request.user, perm, project)
    return project


def project_form_page(
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
    """`form_page` for a project: after the service accepts, the person goes to the URL named
    `done`, or else to the page of `project` (when no project is given: of the project `save`
    returned). projects/form.html takes `heading`, `submit`, optionally `intro`, `back`,
    `after`, `after_title` in `context`."""
    if project is not None:
        context["project"] = project
    return form_page(
        request,
        form,
        save,
        success=success,
        # Without a project, `save` returned the one it created.
        done=done or (lambda saved: reverse("projects:detail", args=[(project or saved).pk])),  # type: ignore[attr-defined]
        template=template,
        **context,
    )
