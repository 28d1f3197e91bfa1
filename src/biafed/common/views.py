from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
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
        "common/home.html",
        {
            "open_days": open_days,
            "mine": mine,
            "panels": panels,
            "coordinator_days": coordinator_days,
            "profile": profile,
        },
    )


def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def notifications(request):
    from django.core.paginator import Paginator

    from biafed.notifications.selectors import notifications_for
    from biafed.notifications.services import mark_read

    if request.method == "POST":
        mark_read(reader=request.user)
        return redirect("notifications")
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "common/notifications.html", {"page": page})
