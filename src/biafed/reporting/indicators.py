"""The open desk's and the projects' indicators (docs/reports.md has each definition).

Each function takes a period of dates (`start`, `end`, both included) and a host facility
or None. A booking belongs to a host facility when one of its panel analysts works there;
a project, when its lead analyst does; effort, when the analyst who logged it does."""

from datetime import date, datetime, time
from decimal import Decimal

from django.db import models
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biafed.intake.models import DataFile
from biafed.opendesk.models import Booking, BookingStatus, Feedback, FollowUp, PanelMember
from biafed.people.models import ExpertiseFamily
from biafed.projects.models import Channel, Deliverable, EffortEntry, Project, ProjectStatus
from biafed.reporting.registry import register_indicator, register_part_labels


class FunnelStep(models.TextChoices):
    """The parts of `projects.funnel` (stable keys; pages show the labels)."""

    SESSIONS_HELD = "sessions_held", _("Sessions held")
    PROJECT_ADVISED = "project_advised", _("Advised to become a project")
    PROJECT_REQUESTED = "project_requested", _("Project requests from the open desk")
    PROJECT_STARTED = "project_started", _("Projects started")


OUTCOMES = (
    ProjectStatus.COMPLETED,
    ProjectStatus.CLOSED_NO_GO,
    ProjectStatus.DECLINED,
    ProjectStatus.WITHDRAWN,
)
"""The statuses a project ends in."""


def moments(start: date, end: date) -> tuple[datetime, datetime]:
    """The first and last instants of a period of dates, in the site's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.combine(start, time.min, tzinfo=zone), datetime.combine(
        end, time.max, tzinfo=zone
    )


def _bookings(site):
    qs = Booking.objects.all()
    if site is not None:
        seated = PanelMember.objects.filter(analyst__analyst_profile__host_facility=site)
        qs = qs.filter(pk__in=seated.values("booking_id"))
    return qs


def _projects(site):
    qs = Project.objects.all()
    if site is not None:
        qs = qs.filter(lead__analyst_profile__host_facility=site)
    return qs


def _held_or_missed(start, end, site):
    return _bookings(site).filter(
        day__date__range=(start, end), status__in=(BookingStatus.HELD, BookingStatus.NO_SHOW)
    )


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"))


def _round(value, places: str = "0.01") -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal(places))


def open_desk_requests(*, start, end, site) -> int:
    return _bookings(site).filter(submitted_at__range=moments(start, end)).count()


def sessions_held(*, start, end, site) -> int:
    return _bookings(site).filter(day__date__range=(start, end), status=BookingStatus.HELD).count()


def no_show_rate(*, start, end, site) -> Decimal | None:
    reached = _held_or_missed(start, end, site)
    return _percent(reached.filter(status=BookingStatus.NO_SHOW).count(), reached.count())


def data_ready_by_deadline(*, start, end, site) -> Decimal | None:
    reached = _held_or_missed(start, end, site)
    on_time = DataFile.objects.filter(
        content_type__app_label="opendesk",
        content_type__model="booking",
        object_id=OuterRef("pk"),
        uploaded_at__lte=OuterRef("day__data_deadline"),
    )
    return _percent(reached.filter(Exists(on_time)).count(), reached.count())


def days_request_to_session(*, start, end, site) -> Decimal | None:
    held = _bookings(site).filter(
        day__date__range=(start, end), status=BookingStatus.HELD, submitted_at__isnull=False
    )
    # One row per (request date, session date) pair, not per booking.
    pairs = held.order_by().values_list("submitted_at__date", "day__date").annotate(n=Count("pk"))
    total = sessions = 0
    for submitted, day, n in pairs:
        total += (day - submitted).days * n
        sessions += n
    if not sessions:
        return None
    return _round(Decimal(total) / sessions, "0.1")


def satisfaction(*, start, end, site) -> Decimal | None:
    feedback = Feedback.objects.filter(booking__day__date__range=(start, end))
    if site is not None:
        feedback = feedback.filter(booking__in=_bookings(site).values("pk"))
    mean = feedback.aggregate(m=Avg("usefulness"))["m"]
    return _round(mean)


def _count_by(qs, field: str, choices) -> dict[str, int]:
    counts = dict(qs.order_by().values_list(field).annotate(n=Count("pk", distinct=True)))
    return {value: counts.get(value, 0) for value in choices}


def _submitted(start, end, site):
    return _projects(site).filter(submitted_at__range=moments(start, end))


def projects_by_channel(*, start, end, site) -> dict[str, int]:
    return _count_by(_submitted(start, end, site), "channel", Channel.values)


def projects_by_state(*, start, end, site) -> dict[str, int]:
    """Projects submitted in the period, by the status they are in now."""
    return _count_by(_submitted(start, end, site), "status", ProjectStatus.values)


def projects_by_domain(*, start, end, site) -> dict[str, int]:
    """Projects submitted in the period per biological domain among their topics."""
    rows = (
        _submitted(start, end, site)
        .filter(topics__family=ExpertiseFamily.DOMAIN)
        .order_by()
        .values_list("topics__name")
        .annotate(n=Count("pk", distinct=True))
    )
    return dict(sorted(rows))


def projects_by_outcome(*, start, end, site) -> dict[str, int]:
    closed = _projects(site).filter(closed_at__range=moments(start, end))
    return _count_by(closed, "status", [s.value for s in OUTCOMES])


def funnel(*, start, end, site) -> dict[str, int]:
    """From the open desk to a project, each step counted in the period."""
    held = _bookings(site).filter(day__date__range=(start, end), status=BookingStatus.HELD)
    from_desk = _submitted(start, end, site).filter(channel=Channel.OPEN_DESK)
    return {
        "sessions_held": held.count(),
        "project_advised": held.filter(outcome__follow_up=FollowUp.PROJECT).count(),
        "project_requested": from_desk.count(),
        "project_started": from_desk.filter(started_at__isnull=False).count(),
    }


def effort_hours(*, start, end, site) -> Decimal:
    qs = EffortEntry.objects.filter(date__range=(start, end))
    if site is not None:
        qs = qs.filter(analyst__analyst_profile__host_facility=site)
    return Decimal(qs.aggregate(h=Sum("hours"))["h"] or 0).quantize(Decimal("0.01"))


def panel_seats(*, start, end, site) -> int:
    """Analyst seats on the panels of held sessions: each host facility's open-desk share."""
    seats = PanelMember.objects.filter(
        booking__day__date__range=(start, end), booking__status=BookingStatus.HELD
    )
    if site is not None:
        seats = seats.filter(analyst__analyst_profile__host_facility=site)
    return seats.count()


def projects_led(*, start, end, site) -> int:
    """Projects in progress at some point of the period (started before its end, not closed
    before its start)."""
    first, last = moments(start, end)
    return (
        _projects(site)
        .filter(started_at__lte=last)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=first))
        .count()
    )


def publications(*, start, end, site) -> int:
    """Deliverables with a DOI added in the period: the publications that acknowledge the
    network's work."""
    qs = Deliverable.objects.filter(added_at__range=moments(start, end)).exclude(doi="")
    if site is not None:
        qs = qs.filter(project__lead__analyst_profile__host_facility=site)
    return qs.count()


# --- Every host facility at once -----------------------------------------------------------
# The same values as above for each facility, in one query grouped by the facility of the
# panel analyst (bookings), of the lead analyst (projects) or of the analyst who logged
# (effort). A booking with two panel analysts of one facility counts once for it.

SITE_OF_SEAT = "analyst__analyst_profile__host_facility"


def _seats(**booking_filters):
    """Panel seats of the bookings matching the filters, grouped by the seat's facility."""
    return (
        PanelMember.objects.filter(**{f"booking__{k}": v for k, v in booking_filters.items()})
        .order_by()
        .values(site=F(SITE_OF_SEAT))
    )


def _column(rows, sites, default=0) -> dict:
    found = {row["site"]: row["n"] for row in rows}
    return {site.pk: found.get(site.pk, default) for site in sites}


def _reached(start, end):
    return _seats(
        day__date__range=(start, end), status__in=(BookingStatus.HELD, BookingStatus.NO_SHOW)
    )


def requests_by_site(*, start, end, sites) -> dict:
    rows = _seats(submitted_at__range=moments(start, end)).annotate(
        n=Count("booking", distinct=True)
    )
    return _column(rows, sites)


def sessions_held_by_site(*, start, end, sites) -> dict:
    rows = _seats(day__date__range=(start, end), status=BookingStatus.HELD).annotate(
        n=Count("booking", distinct=True)
    )
    return _column(rows, sites)


def _rate_by_site(rows, sites) -> dict:
    found = {row["site"]: _percent(row["part"], row["whole"]) for row in rows}
    return {site.pk: found.get(site.pk) for site in sites}


def no_show_rate_by_site(*, start, end, sites) -> dict:
    rows = _reached(start, end).annotate(
        part=Count("booking", distinct=True, filter=Q(booking__status=BookingStatus.NO_SHOW)),
        whole=Count("booking", distinct=True),
    )
    return _rate_by_site(rows, sites)


def data_ready_by_site(*, start, end, sites) -> dict:
    on_time = DataFile.objects.filter(
        content_type__app_label="opendesk",
        content_type__model="booking",
        object_id=OuterRef("booking_id"),
        uploaded_at__lte=OuterRef("booking__day__data_deadline"),
    )
    rows = _reached(start, end).annotate(
        part=Count("booking", distinct=True, filter=Exists(on_time)),
        whole=Count("booking", distinct=True),
    )
    return _rate_by_site(rows, sites)


def days_to_session_by_site(*, start, end, sites) -> dict:
    """One row per facility and (request date, session date) pair, not per booking."""
    rows = (
        _seats(day__date__range=(start, end), status=BookingStatus.HELD, submitted_at__isnull=False)
        .values_list(SITE_OF_SEAT, "booking__submitted_at__date", "booking__day__date")
        .annotate(n=Count("booking", distinct=True))
    )
    totals: dict[int, list[int]] = {}
    for site, submitted, day, n in rows:
        total = totals.setdefault(site, [0, 0])
        total[0] += (day - submitted).days * n
        total[1] += n
    return {
        site.pk: _round(Decimal(totals[site.pk][0]) / totals[site.pk][1], "0.1")
        if site.pk in totals
        else None
        for site in sites
    }


def satisfaction_by_site(*, start, end, sites) -> dict:
    """Counted per (facility, mark): each booking's feedback once per facility."""
    rows = (
        _seats(day__date__range=(start, end), feedback__isnull=False)
        .values_list(SITE_OF_SEAT, "booking__feedback__usefulness")
        .annotate(n=Count("booking", distinct=True))
    )
    totals: dict[int, list[int]] = {}
    for site, mark, n in rows:
        total = totals.setdefault(site, [0, 0])
        total[0] += mark * n
        total[1] += n
    return {
        site.pk: _round(Decimal(totals[site.pk][0]) / totals[site.pk][1])
        if site.pk in totals
        else None
        for site in sites
    }


def panel_seats_by_site(*, start, end, sites) -> dict:
    rows = _seats(day__date__range=(start, end), status=BookingStatus.HELD).annotate(n=Count("pk"))
    return _column(rows, sites)


def funnel_by_site(*, start, end, sites) -> dict:
    held = _seats(day__date__range=(start, end), status=BookingStatus.HELD).annotate(
        held=Count("booking", distinct=True),
        advised=Count(
            "booking", distinct=True, filter=Q(booking__outcome__follow_up=FollowUp.PROJECT)
        ),
    )
    desk = (
        Project.objects.filter(submitted_at__range=moments(start, end), channel=Channel.OPEN_DESK)
        .order_by()
        .values(site=F("lead__analyst_profile__host_facility"))
        .annotate(requested=Count("pk"), started=Count("pk", filter=Q(started_at__isnull=False)))
    )
    seats: dict[int, tuple[int, int]] = {r["site"]: (r["held"], r["advised"]) for r in held}
    started: dict[int, tuple[int, int]] = {r["site"]: (r["requested"], r["started"]) for r in desk}
    return {
        site.pk: dict(
            zip(
                FunnelStep.values,
                (*seats.get(site.pk, (0, 0)), *started.get(site.pk, (0, 0))),
                strict=True,
            )
        )
        for site in sites
    }


BY_SITE = {
    "opendesk.requests": requests_by_site,
    "opendesk.sessions_held": sessions_held_by_site,
    "opendesk.no_show_rate": no_show_rate_by_site,
    "opendesk.data_ready": data_ready_by_site,
    "opendesk.days_to_session": days_to_session_by_site,
    "opendesk.satisfaction": satisfaction_by_site,
    "projects.funnel": funnel_by_site,
    "facilities.panel_seats": panel_seats_by_site,
}


def register() -> None:
    register_part_labels(FunnelStep)
    desk, projects, facilities = _("Open desk"), _("Projects"), _("Host facilities")
    for key, label, category, unit, definition, compute in (
        ("opendesk.requests", _("Open-desk requests"), desk, "count",
         _("Bookings submitted in the period."), open_desk_requests),
        ("opendesk.sessions_held", _("Sessions held"), desk, "count",
         _("Bookings held on an open-desk day of the period."), sessions_held),
        ("opendesk.no_show_rate", _("No-show rate"), desk, "percent",
         _("No-shows among the sessions held or missed on days of the period."), no_show_rate),
        ("opendesk.data_ready", _("Data ready by the deadline"), desk, "percent",
         _("Sessions held or missed on days of the period with a file uploaded before the "
           "day's data deadline."), data_ready_by_deadline),
        ("opendesk.days_to_session", _("Time from request to session"), desk, "days",
         _("Mean number of days from a booking's submission to its held session."),
         days_request_to_session),
        ("opendesk.satisfaction", _("Satisfaction"), desk, "score",
         _("Mean usefulness (1 to 5) given in the feedback on sessions of the period."),
         satisfaction),
        ("projects.by_channel", _("Projects by channel"), projects, "count",
         _("Project requests submitted in the period, by how they came in."), projects_by_channel),
        ("projects.by_state", _("Projects by state"), projects, "count",
         _("Project requests submitted in the period, by their status today."), projects_by_state),
        ("projects.by_domain", _("Projects by domain"), projects, "count",
         _("Project requests submitted in the period, per biological domain among their "
           "topics (a project may count in several)."), projects_by_domain),
        ("projects.by_outcome", _("Projects by outcome"), projects, "count",
         _("Projects closed in the period, by how they ended."), projects_by_outcome),
        ("projects.funnel", _("From open desk to project"), projects, "count",
         _("Sessions held; of those, advised to become a project; project requests from the "
           "open desk submitted; and of those, started."), funnel),
        ("projects.effort_hours", _("Effort hours"), projects, "hours",
         _("Hours logged on projects on dates of the period."), effort_hours),
        ("projects.publications", _("Publications acknowledging the network"), projects,
         "count", _("Project deliverables with a DOI added in the period."), publications),
        ("facilities.panel_seats", _("Open-desk panel seats"), facilities, "count",
         _("Analyst seats on the panels of sessions held in the period."), panel_seats),
        ("facilities.projects_led", _("Projects in progress"), facilities, "count",
         _("Projects started before the period's end and not closed before its start."),
         projects_led),
    ):  # fmt: skip
        register_indicator(
            key=key,
            label=label,
            category=category,
            unit=unit,
            definition=definition,
            compute=compute,
            compute_by_site=BY_SITE.get(key),
        )
