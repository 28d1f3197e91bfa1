"""Read-only queries on the network's life, shared by the pages and the reports.

The counting functions take a period of dates, both ends included (`start`, `end`), and
are what the `reporting` app's indicator registry reads (docs/network.md)."""

from datetime import date, datetime, time

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from biafed.network.models import (
    HelpReply,
    HelpThread,
    Meeting,
    MeetingStatus,
    Membership,
    ResourceKind,
    SharedResource,
    Topic,
    TopicKind,
    TopicStatus,
)
from biafed.people.models import AnalystProfile, HostFacility, Role, User


def members() -> QuerySet:
    """The people meetings and peer help are for: active analysts and coordinators."""
    return (
        User.objects.filter(is_active=True, roles__role__in=(Role.ANALYST, Role.COORDINATOR))
        .distinct()
        .order_by("full_name", "email")
    )


def _moments(start: date, end: date) -> tuple[datetime, datetime]:
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=zone),
        datetime.combine(end, time.max, tzinfo=zone),
    )


def meetings_held(*, start: date, end: date, kind: str | None = None) -> int:
    """Meetings (and events) held, by their start, in the period."""
    held = Meeting.objects.filter(status=MeetingStatus.HELD, starts_at__range=_moments(start, end))
    return held.filter(kind=kind).count() if kind else held.count()


def topics_by_kind(*, start: date, end: date) -> dict[str, int]:
    """Topics discussed at meetings held in the period, per kind (every kind listed)."""
    counts = dict(
        Topic.objects.filter(
            status=TopicStatus.ON_AGENDA,
            meeting__status=MeetingStatus.HELD,
            meeting__starts_at__range=_moments(start, end),
        )
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return {kind: counts.get(kind, 0) for kind in TopicKind.values}


def help_threads_opened(*, start: date, end: date) -> int:
    return HelpThread.objects.filter(created_at__range=_moments(start, end)).count()


def help_threads_answered(*, start: date, end: date) -> int:
    """Threads opened in the period that got an answer from someone other than the asker."""
    answers = HelpReply.objects.exclude(author=F("thread__asked_by"))
    return (
        HelpThread.objects.filter(created_at__range=_moments(start, end))
        .filter(pk__in=answers.values("thread_id"))
        .count()
    )


def resources_shared(*, start: date, end: date) -> dict[str, int]:
    """Catalogue entries added in the period, per kind (every kind listed)."""
    counts = dict(
        SharedResource.objects.filter(created_at__range=_moments(start, end))
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    return {kind: counts.get(kind, 0) for kind in ResourceKind.values}


def network_size_on(day: date) -> dict[str, int]:
    """How many analysts and host facilities were members on `day`."""
    current = Membership.objects.filter(joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )
    return {
        "analysts": current.filter(analyst__isnull=False).count(),
        "facilities": current.filter(facility__isnull=False).count(),
    }


def network_size_by_year() -> list[dict]:
    """The network's size on 31 December of each year since the first joining (and today)."""
    first = Membership.objects.order_by("joined_on").values_list("joined_on", flat=True).first()
    if first is None:
        return []
    today = timezone.localdate()
    days = [date(year, 12, 31) for year in range(first.year, today.year)] + [today]
    return [{"on": day, **network_size_on(day)} for day in days]


def map_places(*, with_analysts: bool) -> list[dict]:
    """Host facilities with coordinates grouped by city, for the map.

    With `with_analysts` (members only), each place also lists its analysts' count."""
    facilities = (
        HostFacility.objects.filter(latitude__isnull=False, longitude__isnull=False)
        .annotate(analyst_count=Count("analysts", filter=Q(analysts__user__is_active=True)))
        .order_by("country", "city", "name")
    )
    places: dict[tuple, dict] = {}
    for facility in facilities:
        place = places.setdefault(
            (facility.country, facility.city),
            {
                "city": facility.city,
                "country": facility.country,
                "lat": float(facility.latitude or 0),
                "lng": float(facility.longitude or 0),
                "facilities": [],
                "analysts": 0,
            },
        )
        place["facilities"].append({"id": facility.pk, "name": facility.name})
        place["analysts"] += facility.analyst_count
    result = list(places.values())
    if not with_analysts:
        for place in result:
            del place["analysts"]
    return result


def facilities_without_place() -> list[HostFacility]:
    """Host facilities the map cannot show yet (no coordinates)."""
    return list(
        HostFacility.objects.filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
        .order_by("name")
        .only("pk", "name", "city")
    )


def analysts_without_place() -> int:
    return AnalystProfile.objects.filter(
        user__is_active=True, host_facility__latitude__isnull=True
    ).count()
