"""Analysts: declare availability, see their panels, record outcomes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from biafed.common.web import refusals_shown, require
from biafed.opendesk.forms import AvailabilityForm, OutcomeForm
from biafed.opendesk.models import Booking, BookingStatus, OpenDeskDay, PanelMember
from biafed.opendesk.services import days as day_services
from biafed.opendesk.services import sessions as session_services
from biafed.opendesk.views.common import booking_for


@login_required
def availability(request, pk: int):
    require(request.user, "opendesk.declare_availability")
    day = get_object_or_404(OpenDeskDay, pk=pk)
    current = list(
        request.user.open_desk_availability.filter(slot__day=day).values_list("slot_id", flat=True)
    )
    form = AvailabilityForm(request.POST or None, day=day, initial={"slots": current})
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form):
            day_services.set_availability(
                analyst=request.user, day=day, slots=form.cleaned_data["slots"]
            )
            messages.success(request, _("Thank you: your availability is saved."))
            return redirect("opendesk:day_list")
    profile = getattr(request.user, "analyst_profile", None)
    return render(
        request, "opendesk/availability_form.html", {"day": day, "form": form, "profile": profile}
    )


@login_required
def my_sessions(request):
    require(request.user, "opendesk.declare_availability")
    bookings = (
        Booking.objects.filter(panel__analyst=request.user)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("day", "slot__day", "requester", "modality")
        .annotate(file_count=Count("files", distinct=True))
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("analyst")))
        .order_by("-slot__starts_at")
    )
    return render(request, "opendesk/my_sessions.html", {"bookings": bookings})


@login_required
def outcome(request, pk: int):
    booking = booking_for(request, pk, "opendesk.record_outcome")
    existing = getattr(booking, "outcome", None)
    initial = None
    if existing:
        initial = {
            "advice": existing.advice,
            "shared_links": existing.shared_links,
            "follow_up": existing.follow_up,
            "tools_suggested": list(existing.tools_suggested.all()),
        }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form):
            session_services.record_outcome(
                author=request.user, booking=booking, **form.cleaned_data
            )
            messages.success(request, _("Outcome recorded. Thank you!"))
            return redirect("opendesk:booking_detail", booking.pk)
    return render(request, "opendesk/outcome_form.html", {"booking": booking, "form": form})
