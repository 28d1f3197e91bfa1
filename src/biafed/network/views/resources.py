"""The catalogue of shared code, datasets and compute."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError
from biafed.common.web import choice_param
from biafed.network.forms import ResourceForm
from biafed.network.models import ResourceKind
from biafed.network.rules import visible_resources
from biafed.network.services import resources as services
from biafed.network.views.common import form_error, require
from biafed.opendesk.rules import visible_bookings
from biafed.projects.rules import visible_projects


@login_required
def resource_list(request):
    """Members see everything; other signed-in people see the public entries only."""
    resources = visible_resources(request.user)
    kind = choice_param(request.GET, "kind", ResourceKind.values)
    if kind:
        resources = resources.filter(kind=kind)
    return render(
        request,
        "network/resources.html",
        {"resources": resources, "kinds": ResourceKind.choices, "kind": kind},
    )


@login_required
def resource_detail(request, pk):
    resource = get_object_or_404(visible_resources(request.user), pk=pk)
    return render(
        request,
        "network/resource.html",
        {
            "resource": resource,
            # Only the projects and consultations this person may open are named.
            "projects": visible_projects(request.user, resource.projects.all()),
            "bookings": visible_bookings(request.user, resource.bookings.all()),
            "can_edit": request.user.has_perm("network.edit_resource", resource),
        },
    )


@login_required
def share(request):
    require(request, "network.share_resource")
    form = ResourceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.share_resource(
                member=request.user,
                fields=form.service_fields(),
                projects=form.cleaned_data["projects"],
                bookings=form.cleaned_data["bookings"],
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Shared with the network."))
            return redirect("network:resource", resource.pk)
    return render(request, "network/resource_form.html", {"form": form})


@login_required
def edit(request, pk):
    resource = get_object_or_404(visible_resources(request.user), pk=pk)
    require(request, "network.edit_resource", resource)
    form = ResourceForm(request.POST or None, instance=resource, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_resource(
                member=request.user,
                resource=resource,
                fields=form.service_fields(),
                projects=form.cleaned_data["projects"],
                bookings=form.cleaned_data["bookings"],
            )
        except BusinessRuleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect("network:resource", resource.pk)
    return render(request, "network/resource_form.html", {"form": form, "resource": resource})
