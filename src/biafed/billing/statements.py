"""Host-facility statements: the hours a facility's analysts gave and what it received.

Hours given, per analyst of the facility (their current host facility):
- project work: effort they logged on a project they do not mentor (as lead or helper);
- mentoring: effort they logged on a project they mentor;
- open-desk consultations: one hour per seat on the panel of a held session.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.functional import Promise

from biafed.billing.models import CreditLine, EntryKind, HourKind, LedgerEntry
from biafed.billing.money import ZERO, default_currency, money
from biafed.opendesk.models import Booking, BookingStatus, PanelMember
from biafed.people.models import HostFacility, User
from biafed.projects.models import EffortEntry, Project

ONE_HOUR = Decimal("1.00")


@dataclass
class GivenHours:
    """One effort entry or one open-desk seat of an analyst of the facility."""

    kind: str
    date: date
    analyst: User
    hours: Decimal
    project: Project | None = None
    booking: Booking | None = None
    effort_id: int | None = None
    seat_id: int | None = None
    credit: CreditLine | None = None

    @property
    def what(self) -> str:
        return str(self.project if self.project is not None else self.booking)

    @property
    def kind_label(self) -> str | Promise:
        return HourKind(self.kind).label


def hours_given(
    facility: HostFacility, *, start: date | None = None, end: date | None = None
) -> list[GivenHours]:
    """Every hour the facility's analysts gave between `start` and `end` (inclusive)."""
    effort = EffortEntry.objects.filter(analyst__analyst_profile__host_facility=facility)
    seats = PanelMember.objects.filter(
        analyst__analyst_profile__host_facility=facility, booking__status=BookingStatus.HELD
    )
    if start is not None:
        effort = effort.filter(date__gte=start)
        seats = seats.filter(booking__day__date__gte=start)
    if end is not None:
        effort = effort.filter(date__lte=end)
        seats = seats.filter(booking__day__date__lte=end)
    lines = [
        GivenHours(
            kind=HourKind.MENTORING if e.analyst_id == e.project.mentor_id else HourKind.PROJECT,
            date=e.date,
            analyst=e.analyst,
            hours=e.hours,
            project=e.project,
            effort_id=e.pk,
        )
        for e in effort.select_related("analyst", "project")
    ]
    lines += [
        GivenHours(
            kind=HourKind.CONSULTATION,
            date=s.booking.day.date,
            analyst=s.analyst,
            hours=ONE_HOUR,
            booking=s.booking,
            seat_id=s.pk,
        )
        for s in seats.select_related("analyst", "booking__day")
    ]
    _attach_credits(lines)
    lines.sort(key=lambda line: (line.date, line.kind, str(line.analyst)))
    return lines


def _attach_credits(lines: list[GivenHours]) -> None:
    effort_ids = [line.effort_id for line in lines if line.effort_id]
    seat_ids = [line.seat_id for line in lines if line.seat_id]
    active = CreditLine.objects.filter(active=True)
    by_effort = {c.effort_id: c for c in active.filter(effort_id__in=effort_ids)}
    by_seat = {c.panel_seat_id: c for c in active.filter(panel_seat_id__in=seat_ids)}
    for line in lines:
        line.credit = by_effort.get(line.effort_id) if line.effort_id else by_seat.get(line.seat_id)


@dataclass
class AnalystHours:
    analyst: object
    project: Decimal = ZERO
    mentoring: Decimal = ZERO
    consultation: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.project + self.mentoring + self.consultation


@dataclass
class Statement:
    facility: HostFacility
    start: date | None
    end: date | None
    lines: list[GivenHours]
    credits: list[LedgerEntry] = field(default_factory=list)
    currency: str = ""

    def hours_of(self, kind: str) -> Decimal:
        return sum((line.hours for line in self.lines if line.kind == kind), ZERO)

    @property
    def project_hours(self) -> Decimal:
        return self.hours_of(HourKind.PROJECT)

    @property
    def mentoring_hours(self) -> Decimal:
        return self.hours_of(HourKind.MENTORING)

    @property
    def consultation_hours(self) -> Decimal:
        return self.hours_of(HourKind.CONSULTATION)

    @property
    def total_hours(self) -> Decimal:
        return sum((line.hours for line in self.lines), ZERO)

    @property
    def credited_hours(self) -> Decimal:
        return sum((line.hours for line in self.lines if line.credit is not None), ZERO)

    @property
    def pending_hours(self) -> Decimal:
        return self.total_hours - self.credited_hours

    @property
    def credited_for_period(self) -> Decimal:
        """What the credits recorded so far pay for the hours given in the period."""
        return sum((line.credit.amount for line in self.lines if line.credit is not None), ZERO)

    @property
    def received(self) -> Decimal:
        """Credits booked in the period's ledger (net of reversals), as a positive amount."""
        return -sum((entry.amount for entry in self.credits), ZERO)

    @property
    def by_analyst(self) -> list[AnalystHours]:
        rows: dict[int, AnalystHours] = {}
        for line in self.lines:
            row = rows.setdefault(line.analyst.pk, AnalystHours(analyst=line.analyst))
            setattr(row, line.kind, getattr(row, line.kind) + line.hours)
        return sorted(rows.values(), key=lambda row: str(row.analyst))

    @property
    def by_project(self) -> list[tuple[object, str, Decimal]]:
        totals: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
        projects = {}
        for line in self.lines:
            if line.project is not None:
                totals[(line.project.pk, line.kind)] += line.hours
                projects[line.project.pk] = line.project
        return [(projects[pk], kind, hours) for (pk, kind), hours in sorted(totals.items())]


def statement(
    facility: HostFacility, *, start: date | None = None, end: date | None = None
) -> Statement:
    credits = LedgerEntry.objects.filter(
        facility=facility, kind=EntryKind.FACILITY_CREDIT, currency=default_currency()
    ).select_related("facility_credit")
    if start is not None:
        credits = credits.filter(booked_on__gte=start)
    if end is not None:
        credits = credits.filter(booked_on__lte=end)
    return Statement(
        facility=facility,
        start=start,
        end=end,
        lines=hours_given(facility, start=start, end=end),
        credits=list(credits.order_by("booked_on", "id")),
        currency=default_currency(),
    )


def received_total(facility: HostFacility) -> Decimal:
    total = LedgerEntry.objects.filter(
        facility=facility, kind=EntryKind.FACILITY_CREDIT, currency=default_currency()
    ).aggregate(total=Sum("amount"))["total"]
    return -money(total or ZERO)
