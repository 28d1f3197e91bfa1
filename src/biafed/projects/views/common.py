from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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
