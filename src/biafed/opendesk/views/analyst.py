"""Analysts: declare availability, see their panels, record outcomes."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from biafed.common.web import form_page, require
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
    return form_page(
        request,
        AvailabilityForm(request.POST or None, day=day, initial={"slots": current}),
        lambda data: day_services.set_availability(
            analyst=request.user, day=day, slots=data["slots"]
        ),
        success=_("Thank you: your availability is saved."),
        done="opendesk:day_list",
        template="opendesk/availability_form.html",
        day=day,
        profile=getattr(request.user, "analyst_profile", None),
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
    return form_page(
        request,
        OutcomeForm(request.POST or None, initial=initial),
        lambda data: session_services.record_outcome(author=request.user, booking=booking, **data),
        success=_("Outcome recorded. Thank you!"),
        done=reverse("opendesk:booking_detail", args=[booking.pk]),
        template="opendesk/outcome_form.html",
        booking=booking,
    )
