"""The open desk's part of each role's home page (registered in hooks.py): what waits and
what is coming, counted with one aggregate per role."""

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from biafed.common.home import HomeLists, link
from biafed.opendesk.models import Booking, BookingStatus, DayStatus, OpenDeskDay

UPCOMING = (
    BookingStatus.SUBMITTED,
    BookingStatus.DATA_MISSING,
    BookingStatus.READY,
    BookingStatus.ALLOCATED,
    BookingStatus.CONFIRMED,
)
WITHOUT_PANEL = (BookingStatus.SUBMITTED, BookingStatus.DATA_MISSING, BookingStatus.READY)


def requester_home(user) -> HomeLists:
    today = timezone.localdate()
    drafts = Q(status=BookingStatus.DRAFT)
    missing = Q(status=BookingStatus.DATA_MISSING)
    feedback = Q(status=BookingStatus.HELD, feedback__isnull=True)
    coming = Q(status__in=UPCOMING, day__date__gte=today)
    n = Booking.objects.filter(requester=user).aggregate(
        drafts=Count("pk", filter=drafts),
        first_draft=Min("pk", filter=drafts),
        missing=Count("pk", filter=missing),
        first_missing=Min("pk", filter=missing),
        to_feedback=Count("pk", filter=feedback),
        first_feedback=Min("pk", filter=feedback),
        coming=Count("pk", filter=coming),
    )
    lists = HomeLists()
    lists.wait(
        n["drafts"],
        ngettext_lazy(
            "%(count)d draft booking to finish", "%(count)d draft bookings to finish", "count"
        ),
        link(n["drafts"], n["first_draft"], "opendesk:booking_edit", "opendesk:booking_list"),
    )
    lists.wait(
        n["missing"],
        ngettext_lazy(
            "%(count)d booking missing example images",
            "%(count)d bookings missing example images",
            "count",
        ),
        link(n["missing"], n["first_missing"], "opendesk:booking_detail", "opendesk:booking_list"),
    )
    lists.wait(
        n["to_feedback"],
        ngettext_lazy(
            "%(count)d session to give feedback on",
            "%(count)d sessions to give feedback on",
            "count",
        ),
        link(n["to_feedback"], n["first_feedback"], "opendesk:feedback", "opendesk:booking_list"),
    )
    lists.come(
        n["coming"],
        ngettext_lazy(
            "%(count)d open-desk session booked", "%(count)d open-desk sessions booked", "count"
        ),
        reverse("opendesk:booking_list"),
    )
    open_days = OpenDeskDay.objects.filter(
        status=DayStatus.PUBLISHED, registration_deadline__gt=timezone.now()
    ).count()
    lists.come(
        open_days,
        ngettext_lazy(
            "%(count)d open-desk day open for booking",
            "%(count)d open-desk days open for booking",
            "count",
        ),
        reverse("opendesk:day_list"),
    )
    return lists


def analyst_home(user) -> HomeLists:
    today = timezone.localdate()
    days = (
        OpenDeskDay.objects.filter(status=DayStatus.PUBLISHED, date__gte=today)
        .exclude(slots__available_analysts__analyst=user)
        .aggregate(count=Count("pk"), first=Min("pk"))
    )
    outcome = Q(status=BookingStatus.HELD, outcome__isnull=True)
    coming = Q(status__in=(BookingStatus.ALLOCATED, BookingStatus.CONFIRMED), day__date__gte=today)
    n = Booking.objects.filter(panel__analyst=user).aggregate(
        outcomes=Count("pk", filter=outcome),
        first_outcome=Min("pk", filter=outcome),
        coming=Count("pk", filter=coming),
    )
    lists = HomeLists()
    lists.wait(
        days["count"],
        ngettext_lazy(
            "%(count)d open-desk day to declare your availability for",
            "%(count)d open-desk days to declare your availability for",
            "count",
        ),
        link(days["count"], days["first"], "opendesk:availability", "opendesk:day_list"),
    )
    lists.wait(
        n["outcomes"],
        ngettext_lazy(
            "%(count)d session outcome to record", "%(count)d session outcomes to record", "count"
        ),
        link(n["outcomes"], n["first_outcome"], "opendesk:outcome", "opendesk:my_sessions"),
    )
    lists.come(
        n["coming"],
        ngettext_lazy("%(count)d panel coming", "%(count)d panels coming", "count"),
        reverse("opendesk:my_sessions"),
    )
    return lists


def coordinator_home(user) -> HomeLists:
    today = timezone.localdate()
    now = timezone.now()
    to_publish = Q(status=DayStatus.DRAFT)
    # a day closed early ("close registration now") waits for its panels too
    to_allocate = Q(status=DayStatus.PUBLISHED, registration_deadline__lte=now) | Q(
        status=DayStatus.CLOSED
    )
    n = OpenDeskDay.objects.filter(date__gte=today).aggregate(
        to_publish=Count("pk", filter=to_publish),
        first_to_publish=Min("pk", filter=to_publish),
        to_allocate=Count("pk", filter=to_allocate),
        first_to_allocate=Min("pk", filter=to_allocate),
        coming=Count("pk", filter=~to_publish),
    )
    unseated = Booking.objects.filter(
        day__date__gte=today,
        day__status=DayStatus.ALLOCATION_PUBLISHED,
        status__in=WITHOUT_PANEL,
        panel__isnull=True,
    ).aggregate(count=Count("pk"), first=Min("day_id"))
    lists = HomeLists()
    lists.wait(
        n["to_publish"],
        ngettext_lazy(
            "%(count)d open-desk day to publish", "%(count)d open-desk days to publish", "count"
        ),
        link(n["to_publish"], n["first_to_publish"], "opendesk:day_dashboard", "opendesk:day_list"),
    )
    lists.wait(
        n["to_allocate"],
        ngettext_lazy(
            "%(count)d open-desk day whose panels to allocate",
            "%(count)d open-desk days whose panels to allocate",
            "count",
        ),
        link(
            n["to_allocate"], n["first_to_allocate"], "opendesk:day_dashboard", "opendesk:day_list"
        ),
    )
    lists.wait(
        unseated["count"],
        ngettext_lazy(
            "%(count)d booking without a panel", "%(count)d bookings without a panel", "count"
        ),
        link(unseated["count"], unseated["first"], "opendesk:day_dashboard", "opendesk:day_list"),
    )
    lists.come(
        n["coming"],
        ngettext_lazy("%(count)d open-desk day coming", "%(count)d open-desk days coming", "count"),
        reverse("opendesk:day_list"),
    )
    return lists
