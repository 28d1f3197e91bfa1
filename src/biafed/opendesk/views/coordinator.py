"""Coordinators: set up days, allocate panels, publish, follow the day."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Avg, Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biafed.common.web import (
    Confirmation,
    confirmed_action,
    form_page,
    refusals_shown,
    require,
)
from biafed.opendesk.forms import DayForm, MoveForm, PanelForm
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    BookingStatus,
    OpenDeskDay,
    PanelMember,
)
from biafed.opendesk.registry import propose_allocation
from biafed.opendesk.services import days as day_services
from biafed.opendesk.services import panels as panel_services
from biafed.opendesk.services import sessions as session_services
from biafed.opendesk.views.common import booking_for
from biafed.people.models import User


@login_required
def day_create(request):
    require(request.user, "opendesk.manage_days")
    form = DayForm(
        request.POST or None,
        initial={
            "time_zone": "Europe/Paris",
            "slot_count": 3,
            "rooms_per_slot": 3,
            "meeting_link_pattern": "https://meet.example.org/biafed-{day}-{slot}-{room}",
        },
    )
    return form_page(
        request,
        form,
        lambda data: day_services.create_day(coordinator=request.user, **data),
        success=_("Open-desk day created as a draft. Publish it to open booking."),
        done=lambda day: reverse("opendesk:day_dashboard", args=[day.pk]),
        template="opendesk/day_form.html",
    )


@login_required
def day_edit(request, pk: int):
    require(request.user, "opendesk.manage_days")
    day = get_object_or_404(OpenDeskDay, pk=pk)
    return form_page(
        request,
        DayForm(request.POST or None, instance=day),
        lambda data: day_services.update_day(coordinator=request.user, day=day, **data),
        success=_("Saved."),
        done=reverse("opendesk:day_dashboard", args=[day.pk]),
        template="opendesk/day_form.html",
        day=day,
    )


def _day_change(request, day, *, refusals, effects, title, action, perform, reversible=False):
    """A confirmed change of `day`: the confirmation page until confirmed, then `perform()`."""
    return confirmed_action(
        request,
        Confirmation(
            title=title, effects=effects, action=action, refusals=refusals, reversible=reversible
        ),
        perform=perform,
        done=reverse("opendesk:day_dashboard", args=[day.pk]),
    )


@login_required
def day_publish(request, pk: int):
    require(request.user, "opendesk.manage_days")
    day = get_object_or_404(OpenDeskDay, pk=pk)

    def perform():
        day_services.publish_day(coordinator=request.user, day=day)
        messages.success(request, _("The day is open for booking."))

    return _day_change(
        request,
        day,
        refusals=day_services.publishing_refusals(day),
        effects=day_services.publishing_effects(day),
        title=_("Open “%(day)s” for booking?") % {"day": day.title},
        action=_("Publish: open booking"),
        perform=perform,
    )


@login_required
def reopen_registration(request, pk: int):
    require(request.user, "opendesk.manage_days")
    day = get_object_or_404(OpenDeskDay, pk=pk)

    def perform():
        day_services.reopen_registration(coordinator=request.user, day=day)
        messages.success(request, _("Registration is open again."))

    return _day_change(
        request,
        day,
        refusals=day_services.reopening_refusals(day),
        effects=[
            _("The day goes back to “open for booking”: requesters can book again."),
            _("Panels are published again, with the invitations, when you publish them."),
        ],
        title=_("Reopen registration for “%(day)s”?") % {"day": day.title},
        action=_("Reopen registration"),
        perform=perform,
        reversible=True,
    )


@login_required
def close_registration(request, pk: int):
    require(request.user, "opendesk.manage_days")
    day = get_object_or_404(OpenDeskDay, pk=pk)

    def perform():
        day_services.close_registration(coordinator=request.user, day=day)
        messages.success(request, _("Registration is closed."))

    return _day_change(
        request,
        day,
        refusals=day_services.closing_refusals(day),
        effects=day_services.closing_effects(day),
        title=_("Close registration for “%(day)s” now?") % {"day": day.title},
        action=_("Close registration now"),
        perform=perform,
        reversible=True,
    )


def _board(day: OpenDeskDay):
    """Slots × rooms with each booking and its panel; a fixed number of queries."""
    bookings = (
        Booking.objects.filter(day=day, room__isnull=False)
        .select_related("requester", "slot")
        .annotate(file_count=Count("files", distinct=True))
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("analyst")))
    )
    by_place = {(b.slot_id, b.room): b for b in bookings}
    available = Counter(
        AnalystAvailability.objects.filter(slot__day=day).values_list("slot_id", flat=True)
    )
    rows = []
    for slot in day.slots.all():
        rooms = [(room, by_place.get((slot.pk, room))) for room in range(1, day.rooms_per_slot + 1)]
        rows.append({"slot": slot, "rooms": rooms, "available": available.get(slot.pk, 0)})
    return rows


@login_required
def day_dashboard(request, pk: int):
    require(request.user, "opendesk.manage_days")
    day = get_object_or_404(OpenDeskDay.objects.prefetch_related("slots"), pk=pk)
    bookings = Booking.objects.filter(day=day).exclude(status=BookingStatus.DRAFT)
    by_state = dict(
        bookings.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    feedback = bookings.filter(feedback__isnull=False).aggregate(
        count=Count("feedback"), mean=Avg("feedback__usefulness")
    )
    unplaced = bookings.filter(
        status__in=(BookingStatus.SUBMITTED, BookingStatus.DATA_MISSING, BookingStatus.READY),
        room__isnull=True,
    ).select_related("requester")
    return render(
        request,
        "opendesk/day_dashboard.html",
        {
            "day": day,
            "states": [
                (value, label, by_state.get(value, 0))
                for value, label in BookingStatus.choices
                if value != BookingStatus.DRAFT
            ],
            "feedback": feedback,
            "board": _board(day),
            "unplaced": unplaced,
            "problems": panel_services.allocation_problems(day),
            "can_publish": not day_services.publishing_refusals(day),
            "can_publish_panels": not panel_services.publication_refusals(day),
            "can_reopen": not day_services.reopening_refusals(day),
            "can_close": not day_services.closing_refusals(day),
            "no_shows": by_state.get(BookingStatus.NO_SHOW, 0),
        },
    )


@login_required
@require_POST
def propose(request, pk: int):
    require(request.user, "opendesk.allocate")
    day = get_object_or_404(OpenDeskDay, pk=pk)
    with refusals_shown(request):
        result = propose_allocation(coordinator=request.user, day=day)
        messages.success(
            request,
            ngettext(
                "Panels proposed for %(placed)s request; %(unplaced)s need a manual choice. "
                "The allocation page shows why and lets you pin and re-solve.",
                "Panels proposed for %(placed)s requests; %(unplaced)s need a manual choice. "
                "The allocation page shows why and lets you pin and re-solve.",
                result["placed"],
            )
            % result,
        )
    return redirect("opendesk:day_dashboard", day.pk)


@login_required
def publish_allocation(request, pk: int):
    require(request.user, "opendesk.allocate")
    day = get_object_or_404(OpenDeskDay, pk=pk)

    def perform():
        count = panel_services.publish_allocation(coordinator=request.user, day=day)
        messages.success(
            request,
            ngettext(
                "%(n)s booking confirmed; invitations are on their way.",
                "%(n)s bookings confirmed; invitations are on their way.",
                count,
            )
            % {"n": count},
        )

    return _day_change(
        request,
        day,
        refusals=panel_services.publication_refusals(day),
        effects=panel_services.publication_effects(day),
        title=_("Publish the panels of “%(day)s”?") % {"day": day.title},
        action=_("Publish panels and send invitations"),
        perform=perform,
    )


def _analyst_choices(booking: Booking):
    """Analysts free in the booking's slot (or already on its panel), best first."""
    return (
        User.objects.filter(analyst_profile__isnull=False, is_active=True)
        .filter(
            Q(open_desk_availability__slot_id=booking.slot_id) | Q(panel_seats__booking=booking)
        )
        .select_related("analyst_profile__host_facility")
        .distinct()
        .order_by("full_name")
    )


@login_required
def panel_edit(request, pk: int):
    """Edit one panel; htmx swaps just the board cell."""
    require(request.user, "opendesk.allocate")
    booking = booking_for(request, pk)
    form = PanelForm(
        request.POST or None,
        analyst_queryset=_analyst_choices(booking),
        initial={
            "analysts": [m.analyst_id for m in booking.panel.all()],
            "version": booking.panel_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form) as refusal:
            booking = panel_services.set_panel(
                coordinator=request.user,
                booking=booking,
                analysts=form.cleaned_data["analysts"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Panel saved."))
            if not request.htmx:
                return redirect("opendesk:day_dashboard", booking.day_id)
            form = PanelForm(
                analyst_queryset=_analyst_choices(booking),
                initial={
                    "analysts": [m.analyst_id for m in booking.panel.all()],
                    "version": booking.panel_version,
                },
            )
        if refusal.refused:
            booking.refresh_from_db()
    template = "opendesk/_panel_form.html" if request.htmx else "opendesk/panel_form.html"
    panel = booking.panel.select_related("analyst__analyst_profile__host_facility")
    return render(
        request,
        template,
        {
            "booking": booking,
            "form": form,
            "panel": panel,
            # Offered: only who can sit (the service's own rules); the form still accepts any
            # analyst free then, so a refusal comes with the service's clear message.
            "choices": panel_services.seatable_analysts(booking),
        },
    )


@login_required
def move(request, pk: int):
    require(request.user, "opendesk.allocate")
    booking = booking_for(request, pk)
    form = MoveForm(
        request.POST or None,
        day=booking.day,
        initial={
            "slot": booking.slot_id,
            "room": booking.room,
            "version": booking.panel_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        with refusals_shown(form=form):
            panel_services.move_booking(
                coordinator=request.user,
                booking=booking,
                slot=form.cleaned_data["slot"],
                room=form.cleaned_data["room"],
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, _("Booking moved."))
            return redirect("opendesk:day_dashboard", booking.day_id)
    return render(request, "opendesk/move_form.html", {"booking": booking, "form": form})


@login_required
@require_POST
def attendance(request, pk: int):
    booking = booking_for(request, pk, "opendesk.mark_attendance")
    with refusals_shown(request):
        session_services.mark_attendance(
            coordinator=request.user,
            booking=booking,
            attended=request.POST.get("attended") == "yes",
        )
        messages.success(request, _("Attendance recorded."))
    return redirect("opendesk:booking_detail", booking.pk)
