"""Requesters: book, upload example images, follow, cancel, give feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biafed.common.paging import BucketedRows
from biafed.common.web import (
    Confirmation,
    choice_param,
    confirmed_action,
    int_param,
    refusals_shown,
    require,
    text_param,
)
from biafed.intake.models import DataFile
from biafed.opendesk.forms import GUIDANCE, BookingForm, FeedbackForm, SlotChoiceForm
from biafed.opendesk.models import (
    Booking,
    BookingStatus,
    DayStatus,
    OpenDeskDay,
    PanelMember,
)
from biafed.opendesk.rules import visible_bookings
from biafed.opendesk.services import bookings as booking_services
from biafed.opendesk.services import sessions as session_services
from biafed.opendesk.services.sessions import acknowledgement_text
from biafed.opendesk.views.common import booking_for
from biafed.people.models import User


@login_required
def day_list(request):
    days = OpenDeskDay.objects.annotate(slot_total=Count("slots", distinct=True)).order_by("date")
    if not request.user.has_perm("opendesk.manage_days"):
        days = days.exclude(status=DayStatus.DRAFT)
    today = timezone.localdate()
    return render(
        request,
        "opendesk/day_list.html",
        {
            "upcoming": [d for d in days if d.date >= today],
            "past": [d for d in days if d.date < today][::-1][:12],
        },
    )


@login_required
@require_POST
def start_booking(request, day_id: int):
    require(request.user, "opendesk.book")
    day = get_object_or_404(OpenDeskDay, pk=day_id)
    with refusals_shown(request):
        booking = booking_services.start_booking(requester=request.user, day=day)
        return redirect("opendesk:booking_edit", booking.pk)
    return redirect("opendesk:day_list")


@login_required
def booking_edit(request, pk: int):
    """The guided form: save a draft any time, submit when complete."""
    booking = booking_for(request, pk, "opendesk.edit_booking")
    day = booking.day
    places = booking_services.places_left(day)
    form = BookingForm(request.POST or None, instance=booking, day=day)
    slot_form = (
        SlotChoiceForm(
            request.POST or None,
            day=day,
            places=places,
            initial={"slot": booking.slot_id} if booking.slot_id else None,
        )
        if booking.status == BookingStatus.DRAFT
        else None
    )
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            booking_services.save_answers(
                actor=request.user,
                booking=booking,
                answers={
                    k: v
                    for k, v in data.items()
                    if k not in ("tools_tried", "topics", "preferred_slots")
                },
                tools_tried=data["tools_tried"],
                topics=data["topics"],
                preferred_slots=data["preferred_slots"],
            )
            if "submit" in request.POST and slot_form is not None:
                if slot_form.is_valid():
                    with refusals_shown(form=slot_form):
                        booking_services.submit_booking(
                            requester=request.user,
                            booking=booking,
                            slot=slot_form.cleaned_data["slot"],
                        )
                        messages.success(
                            request, _("Your booking is submitted. Now add example images.")
                        )
                        return redirect("opendesk:booking_detail", booking.pk)
            else:
                messages.success(request, _("Saved. You can come back and finish later."))
                return redirect("opendesk:booking_edit", booking.pk)
    return render(
        request,
        "opendesk/booking_form.html",
        {
            "booking": booking,
            "day": day,
            "form": form,
            "slot_form": slot_form,
            "missing": booking_services.missing_answers(booking),
            "guidance": GUIDANCE,
        },
    )


@login_required
def booking_detail(request, pk: int):
    booking = booking_for(request, pk)
    panel = list(booking.panel.select_related("analyst__analyst_profile__host_facility"))
    user = request.user
    return render(
        request,
        "opendesk/booking_detail.html",
        {
            "booking": booking,
            "panel": panel,
            "missing": booking_services.missing_answers(booking)
            if booking.status == BookingStatus.DRAFT
            else [],
            "outcome": getattr(booking, "outcome", None),
            "feedback": getattr(booking, "feedback", None),
            "acknowledgement": acknowledgement_text(booking)
            if booking.status == BookingStatus.HELD
            else "",
            "can_edit": user.has_perm("opendesk.edit_booking", booking),
            "can_cancel": user.has_perm("opendesk.cancel_booking", booking)
            and not booking_services.cancellation_refusals(booking),
            "can_record_outcome": user.has_perm("opendesk.record_outcome", booking)
            and booking.status in (BookingStatus.CONFIRMED, BookingStatus.HELD),
            "can_mark_attendance": user.has_perm("opendesk.mark_attendance", booking)
            and not session_services.attendance_refusals(booking),
            "can_give_feedback": user.has_perm("opendesk.give_feedback", booking),
        },
    )


@login_required
def download_file(request, pk: int, file_id: int):
    """Old address of an example image (before the intake): the same file, same checks."""
    booking = booking_for(request, pk, "opendesk.view_booking_files")
    data_file = get_object_or_404(DataFile, pk=file_id, booking=booking)
    return redirect("intake:download", data_file.pk)


@login_required
def cancel(request, pk: int):
    """Cancel a booking (its requester or a coordinator), once confirmed."""
    booking = booking_for(request, pk, "opendesk.cancel_booking")
    reason = text_param(request.POST, "reason", max_length=500)

    def perform():
        booking_services.cancel_booking(actor=request.user, booking=booking, reason=reason)
        messages.success(request, _("The booking is cancelled and its place freed."))

    return confirmed_action(
        request,
        Confirmation(
            title=_("Cancel the booking “%(title)s”?") % {"title": booking.title},
            effects=booking_services.cancellation_effects(booking),
            action=_("Cancel the booking and free the place"),
            refusals=booking_services.cancellation_refusals(booking),
        ),
        perform=perform,
        done=reverse("opendesk:booking_detail", args=[booking.pk]),
        fields={"reason": reason} if reason else None,
    )


@login_required
def feedback(request, pk: int):
    booking = booking_for(request, pk, "opendesk.give_feedback")
    existing = getattr(booking, "feedback", None)
    initial = {"usefulness": existing.usefulness, "comment": existing.comment} if existing else None
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusals_shown(request):
            booking_services.give_feedback(
                requester=request.user, booking=booking, **form.cleaned_data
            )
            messages.success(request, _("Thank you for your feedback."))
            return redirect("opendesk:booking_detail", booking.pk)
    return render(
        request,
        "opendesk/feedback_form.html",
        {
            "booking": booking,
            "form": form,
            "acknowledgement": acknowledgement_text(booking),
        },
    )


PAGE_SIZE = 50


@login_required
def booking_list(request):
    """Requesters: their bookings. Analysts: their panels. Coordinators: every booking, filtered."""
    qs = visible_bookings(request.user)
    if request.user.has_perm("opendesk.manage_days"):
        qs = qs.exclude(status=BookingStatus.DRAFT)
    status = choice_param(request.GET, "status", BookingStatus.values)
    if status:
        qs = qs.filter(status=status)
    day_id = int_param(request.GET, "day")
    if day_id is not None:
        qs = qs.filter(day_id=day_id)
    query = text_param(request.GET, "q", max_length=100)
    if query:
        requesters = User.objects.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
        qs = qs.filter(Q(title__icontains=query) | Q(requester__in=requesters))
    # Page over primary keys, a day at a time: one grouped count sizes every day, then a page
    # sorts only the bookings of the day(s) it shows (common/paging.py; benchmarks/pages:
    # 100,000 bookings on SQLite, any page).
    ordered = BucketedRows(
        qs,
        bucket="day",
        bucket_order=("-date", "pk"),
        order=("slot__index", "room", "-pk"),
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = list(page.object_list)
    rows = (
        Booking.objects.select_related("day", "slot__day", "requester")
        .annotate(file_count=Count("files", distinct=True))
        .prefetch_related(Prefetch("panel", queryset=PanelMember.objects.select_related("analyst")))
        .in_bulk(ids)
    )
    page.object_list = [rows[pk] for pk in ids]
    return render(
        request,
        "opendesk/booking_list.html",
        {
            "page": page,
            "statuses": BookingStatus.choices,
            "status": status,
            "day_id": "" if day_id is None else str(day_id),
            "query": query,
            "days": OpenDeskDay.objects.order_by("-date")[:24]
            if request.user.has_perm("opendesk.manage_days")
            else [],
        },
    )
