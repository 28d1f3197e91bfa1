"""The home page: what is coming up on the open desk for the signed-in person."""

from django.shortcuts import render
from django.utils import timezone

from biafed.opendesk.models import BookingStatus, DayStatus, OpenDeskDay
from biafed.opendesk.rules import visible_bookings


def home(request):
    if not request.user.is_authenticated:
        return render(request, "common/welcome.html")
    user = request.user
    today = timezone.localdate()
    open_days = (
        OpenDeskDay.objects.filter(date__gte=today)
        .exclude(status=DayStatus.DRAFT)
        .order_by("date")[:5]
    )
    mine = (
        visible_bookings(user)
        .filter(requester=user)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("day", "slot__day")
        .order_by("-day__date")[:5]
    )
    panels = (
        visible_bookings(user)
        .filter(panel__analyst=user)
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("day", "slot__day")
        .order_by("-day__date")[:5]
    )
    coordinator_days = (
        OpenDeskDay.objects.order_by("-date")[:5] if user.has_perm("opendesk.manage_days") else []
    )
    profile = getattr(user, "analyst_profile", None)
    return render(
        request,
        "opendesk/home.html",
        {
            "open_days": open_days,
            "mine": mine,
            "panels": panels,
            "coordinator_days": coordinator_days,
            "profile": profile,
        },
    )
