"""A small network hand-counted for the report tests: two host facilities, one open-desk
day in 2024 and one in 2025, three projects. The counts each test expects are written next
to the rows that make them (see test_indicators.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType

from biafed.intake.models import DataFile
from biafed.opendesk.models import Booking, BookingStatus, Feedback, FollowUp, SessionOutcome
from biafed.people.models import ExpertiseFamily
from biafed.projects.models import (
    Channel,
    Deliverable,
    DeliverableKind,
    EffortActivity,
    EffortEntry,
    Project,
    ProjectStatus,
)
from tests.factories import (
    AnalystFactory,
    BookingFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    HostFacilityFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    seat,
)


def at(y, m, d, h=12) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def _day(on: date, deadline: datetime):
    return OpenDeskDayFactory(
        date=on,
        registration_opens_at=at(on.year, 1, 1) if on.month > 1 else deadline,
        registration_deadline=deadline,
        data_deadline=deadline,
    )


def _booking(day, slot, status, submitted, panel=(), usefulness=None, upload=None, follow_up=None):
    booking = BookingFactory(day=day, status=status, slot=day.slots.get(index=slot))
    Booking.objects.filter(pk=booking.pk).update(submitted_at=submitted)
    seat(booking, *panel)
    if usefulness:
        Feedback.objects.create(booking=booking, usefulness=usefulness)
    if upload:
        DataFile.objects.create(
            content_type=ContentType.objects.get_for_model(Booking),
            object_id=booking.pk,
            original_name="cells.tif",
            size=10,
            uploaded_at=upload,
        )
    if follow_up:
        SessionOutcome.objects.create(
            booking=booking, advice="Make it a project.", follow_up=follow_up
        )
    return booking


def _project(title, channel, status, submitted, lead, domains=(), started=None, closed=None):
    project = Project.objects.create(
        title=title,
        requester=RequesterFactory(),
        channel=channel,
        status=status,
        lead=lead,
        submitted_at=submitted,
        started_at=started,
        closed_at=closed,
    )
    for name in domains:
        project.topics.add(ExpertiseTermFactory(family=ExpertiseFamily.DOMAIN, name=name))
    return project


def build() -> SimpleNamespace:
    alpha = HostFacilityFactory(name="Alpha imaging")
    beta = HostFacilityFactory(name="Beta imaging")
    a1 = AnalystFactory(full_name="Ana Alpha", profile__facility=alpha)
    b1 = AnalystFactory(full_name="Ben Beta", profile__facility=beta)
    d2025 = _day(date(2025, 3, 10), at(2025, 3, 7))
    d2024 = _day(date(2024, 5, 6), at(2024, 5, 3))
    # 2025: 4 requests; 2 held (10 and 5 days after the request), 1 no-show, 1 cancelled.
    _booking(
        d2025, 0, BookingStatus.HELD, at(2025, 2, 28), (a1, b1), 5, at(2025, 3, 5), FollowUp.PROJECT
    )
    _booking(d2025, 1, BookingStatus.HELD, at(2025, 3, 5), (a1,), 3, at(2025, 3, 8))  # data late
    _booking(d2025, 2, BookingStatus.NO_SHOW, at(2025, 3, 1), (b1,))
    _booking(d2025, 0, BookingStatus.CANCELLED, at(2025, 3, 2))
    # 2024: 1 request, held 6 days later, data on time.
    _booking(d2024, 0, BookingStatus.HELD, at(2024, 4, 30), (a1,), 4, at(2024, 5, 1))

    p1 = _project(
        "Spine counting", Channel.OPEN_DESK, ProjectStatus.ACTIVE, at(2025, 3, 20), a1,
        ("Neuroscience",), started=at(2025, 4, 1),
    )  # fmt: skip
    _project(
        "Leaf stomata", Channel.FORM, ProjectStatus.DECLINED, at(2025, 6, 1), None,
        ("Neuroscience", "Plant biology"), closed=at(2025, 7, 1),
    )  # fmt: skip
    p3 = _project(
        "Tracking bacteria", Channel.EMAIL, ProjectStatus.COMPLETED, at(2024, 5, 1), b1,
        started=at(2024, 6, 1), closed=at(2025, 2, 1),
    )  # fmt: skip
    for project, analyst, on, hours in (
        (p1, a1, date(2025, 5, 1), "10.00"),
        (p3, b1, date(2025, 1, 15), "4.50"),
        (p3, b1, date(2024, 12, 31), "2.00"),
    ):
        EffortEntry.objects.create(
            project=project,
            analyst=analyst,
            date=on,
            hours=Decimal(hours),
            activity=EffortActivity.DEVELOPMENT,
        )
    paper = Deliverable.objects.create(
        project=p3, kind=DeliverableKind.REPORT, title="Paper", doi="10.1000/xyz", added_by=b1
    )
    Deliverable.objects.filter(pk=paper.pk).update(added_at=at(2025, 2, 10))
    Deliverable.objects.create(
        project=p3, kind=DeliverableKind.SCRIPT, title="Macro", added_by=b1
    )  # no DOI: not a publication
    return SimpleNamespace(
        alpha=alpha, beta=beta, a1=a1, b1=b1, p1=p1, p3=p3, coordinator=CoordinatorFactory()
    )
