"""The network at a glance: its home, the map and the membership history."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common.errors import BusinessRuleError
from biafed.network import selectors
from biafed.network.forms import MembershipForm
from biafed.network.models import HelpThread, Meeting, MeetingStatus, Membership, SharedResource
from biafed.network.services import membership as membership_services
from biafed.network.views.common import form_error, require


@login_required
def home(request):
    require(request, "network.view_network")
    upcoming = (
        Meeting.objects.filter(starts_at__gte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at")[:5]
    )
    return render(
        request,
        "network/home.html",
        {
            "upcoming": upcoming,
            "threads": HelpThread.objects.select_related("asked_by")[:5],
            "resources": SharedResource.objects.select_related("owner").order_by("-created_at")[:5],
            "chat_url": settings.NETWORK_CHAT_URL,
        },
    )


def map_settings() -> dict:
    return {"tile_url": settings.MAP_TILE_URL}


@login_required
def network_map(request):
    """Host facilities and analysts by city, drawn without any outside server."""
    require(request, "network.view_network")
    places = selectors.map_places(with_analysts=True)
    return render(
        request,
        "network/map.html",
        {
            "places": places,
            "map": {**map_settings(), "places": places},
            "unplaced": selectors.analysts_without_place(),
            "unplaced_facilities": selectors.facilities_without_place(),
        },
    )


def places(request):
    """The public map's data: host facilities by city (no analysts), for the home page."""
    return JsonResponse({**map_settings(), "places": selectors.map_places(with_analysts=False)})


@login_required
def membership(request):
    """When each analyst and facility joined or left, and the network's size over time."""
    require(request, "network.view_network")
    form = None
    if request.user.has_perm("network.record_membership"):
        form = MembershipForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            action = (
                membership_services.record_joining
                if data["change"] == "joined"
                else membership_services.record_leaving
            )
            try:
                action(
                    coordinator=request.user,
                    on=data["on"],
                    analyst=data["analyst"],
                    facility=data["facility"],
                )
            except BusinessRuleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("The membership history is updated."))
                return redirect("network:membership")
    history = Membership.objects.select_related("analyst", "facility").order_by("-joined_on", "-pk")
    return render(
        request,
        "network/membership.html",
        {"history": history, "sizes": selectors.network_size_by_year(), "form": form},
    )
