"""The coordinator's allocation page for an open-desk day: compute, follow, pin, re-solve, apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biafed.common.web import refusals_shown, require
from biafed.matching.forms import PinMemberForm, PinSlotForm
from biafed.matching.models import AllocationPin, AllocationRun
from biafed.matching.rules import visible_runs
from biafed.matching.services import pins as pin_services
from biafed.matching.services import runs as run_services
from biafed.matching.services.building import PENDING
from biafed.matching.views.board import board
from biafed.opendesk.models import Booking, BookingStatus, OpenDeskDay
from biafed.opendesk.services import panels as panel_services

PERMISSION = "matching.allocate"


def _run_context(day: OpenDeskDay, run: AllocationRun | None) -> dict:
    latest = run_services.latest_run(day) if run is not None else None
    return {
        "day": day,
        "run": run,
        "board": board(day, run),
        "is_latest": run is not None and latest is not None and latest.pk == run.pk,
        "slots": list(day.slots.all()),
        "can_publish_panels": not panel_services.publication_refusals(day),
    }


def _day(pk: int) -> OpenDeskDay:
    return get_object_or_404(OpenDeskDay.objects.prefetch_related("slots"), pk=pk)


@login_required
def day_allocation(request, day_id: int):
    """The page: the latest run of the day (its progress, or its proposal)."""
    require(request.user, PERMISSION)
    day = _day(day_id)
    run = run_services.latest_run(day)
    waiting = Booking.objects.filter(day=day, status__in=PENDING).count()
    confirmed = Booking.objects.filter(day=day, status=BookingStatus.CONFIRMED).count()
    context = _run_context(day, run) | {"waiting": waiting, "confirmed": confirmed}
    return render(request, "matching/allocation.html", context)


@login_required
@require_POST
def compute(request, day_id: int):
    """Start a run (first computation or re-solve with the pins)."""
    require(request.user, PERMISSION)
    day = _day(day_id)
    with refusals_shown(request):
        run_services.start_run(coordinator=request.user, day=day)
    return redirect("matching:day", day.pk)


def _run(request, pk: int) -> AllocationRun:
    require(request.user, PERMISSION)
    return get_object_or_404(visible_runs(request.user).select_related("day"), pk=pk)


@login_required
def run_status(request, pk: int):
    """The run's part of the page, polled by htmx while the run is queued or running."""
    run = _run(request, pk)
    if not request.htmx:
        return redirect("matching:day", run.day_id)
    day = _day(run.day_id)
    return render(request, "matching/_run.html", _run_context(day, run))


@login_required
def run_instance(request, pk: int):
    """The engine instance of a run, to replay it with `biafed-allocate`."""
    run = _run(request, pk)
    response = JsonResponse(run.instance, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="allocation-run-{run.pk}.json"'
    return response


@login_required
@require_POST
def apply(request, pk: int):
    run = _run(request, pk)
    with refusals_shown(request):
        result = run_services.apply_run(coordinator=request.user, run=run)
        messages.success(
            request,
            ngettext(
                "Proposal applied: %(placed)s request has a panel, %(unplaced)s need a "
                "manual choice. Publish the panels to send the invitations.",
                "Proposal applied: %(placed)s requests have a panel, %(unplaced)s need a "
                "manual choice. Publish the panels to send the invitations.",
                result["placed"],
            )
            % result,
        )
    return redirect("matching:day", run.day_id)


@login_required
@require_POST
def stop(request, pk: int):
    run = _run(request, pk)
    with refusals_shown(request):
        run_services.stop_run(coordinator=request.user, run=run)
    return redirect("matching:day", run.day_id)


def _request_booking(request, pk: int) -> Booking:
    require(request.user, PERMISSION)
    return get_object_or_404(Booking.objects.select_related("day"), pk=pk)


@login_required
@require_POST
def pin_member(request, pk: int):
    booking = _request_booking(request, pk)
    form = PinMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an analyst of the network."))
    else:
        with refusals_shown(request):
            pin_services.pin_member(
                coordinator=request.user, booking=booking, analyst=form.cleaned_data["analyst"]
            )
            messages.success(
                request,
                _("%(name)s stays on the panel of “%(title)s” when you re-solve.")
                % {"name": form.cleaned_data["analyst"], "title": booking},
            )
    return redirect("matching:day", booking.day_id)


@login_required
@require_POST
def pin_slot(request, pk: int):
    booking = _request_booking(request, pk)
    form = PinSlotForm(request.POST, day=booking.day)
    if not form.is_valid():
        messages.error(request, _("Choose a session of this day."))
    else:
        with refusals_shown(request):
            pin_services.pin_slot(
                coordinator=request.user, booking=booking, slot=form.cleaned_data["slot"]
            )
            messages.success(
                request,
                _("“%(title)s” is held at %(time)s (or not at all) when you re-solve.")
                % {"title": booking, "time": form.cleaned_data["slot"]},
            )
    return redirect("matching:day", booking.day_id)


@login_required
@require_POST
def unpin(request, pk: int):
    require(request.user, PERMISSION)
    pin = get_object_or_404(AllocationPin.objects.select_related("booking"), pk=pk)
    pin_services.unpin(coordinator=request.user, pin=pin)
    messages.success(request, _("Pin removed."))
    return redirect("matching:day", pin.booking.day_id)
