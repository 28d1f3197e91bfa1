from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from biafed.matching.services import propose_allocation
from biafed.opendesk import demo as opendesk_demo
from biafed.opendesk.models import (
    AnalystAvailability,
    Booking,
    BookingFile,
    BookingStatus,
    DayStatus,
    Feedback,
    OpenDeskDay,
    PanelMember,
    SessionOutcome,
)
from biafed.opendesk.services.panels import set_panel
from biafed.people.models import AnalystProfile, HostFacility, Role, User

DEMO_LOGINS = ("coordinator@example.org", "analyst@example.org", "requester@example.org")


def _counts() -> dict[str, int]:
    models = (
        User,
        EmailAddress,
        HostFacility,
        AnalystProfile,
        OpenDeskDay,
        Booking,
        BookingFile,
        PanelMember,
        SessionOutcome,
        Feedback,
        AnalystAvailability,
    )
    return {model.__name__: model.objects.count() for model in models}


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_demo_builds_the_network_and_is_idempotent():
    first = _load()
    assert first.startswith("Demo network loaded")
    assert "projects" in first  # each app adds its own line
    after_first = _counts()

    second = _load()
    assert "already loaded" in second
    assert _counts() == after_first

    assert HostFacility.objects.count() == 12
    assert set(HostFacility.objects.values_list("country", flat=True)) == {"France"}
    assert AnalystProfile.objects.count() >= 20
    assert AnalystProfile.objects.filter(rules_accepted_at__isnull=True).exists()
    assert User.objects.filter(email__startswith="requester").count() >= 4

    for email in DEMO_LOGINS:
        user = authenticate(None, email=email, password="biafed-demo")
        assert user is not None, email
        assert EmailAddress.objects.filter(
            user=user, email=email, verified=True, primary=True
        ).exists()
    coordinator = User.objects.get(email="coordinator@example.org")
    assert coordinator.is_staff and coordinator.is_superuser
    assert coordinator.has_role(Role.COORDINATOR)
    assert User.objects.get(email="analyst@example.org").has_role(Role.ANALYST)
    assert User.objects.get(email="requester@example.org").has_role(Role.REQUESTER)

    today = timezone.localdate()
    upcoming = OpenDeskDay.objects.get(date__gt=today)
    assert upcoming.status == DayStatus.PUBLISHED
    bookings = Booking.objects.filter(day=upcoming)
    assert bookings.count() >= 5
    assert BookingFile.objects.filter(booking__day=upcoming).exists()
    assert bookings.filter(files__isnull=True).exists()  # the data-missing story
    assert not PanelMember.objects.filter(booking__day=upcoming).exists()
    assert AnalystAvailability.objects.filter(slot__day=upcoming).count() >= 30
    mine = bookings.get(requester__email="requester@example.org")
    assert mine.status in (BookingStatus.SUBMITTED, BookingStatus.READY)

    past = OpenDeskDay.objects.filter(date__lt=today).latest("date")  # before it: the history
    assert past.status in (DayStatus.ALLOCATION_PUBLISHED, DayStatus.CLOSED)
    assert Booking.objects.filter(day=past, status=BookingStatus.HELD).exists()
    assert Booking.objects.filter(day=past, status=BookingStatus.NO_SHOW).exists()
    assert SessionOutcome.objects.filter(booking__day=past).exists()
    assert Feedback.objects.filter(booking__day=past).exists()


@pytest.mark.django_db
def test_demo_requester_can_get_the_demo_analyst_on_the_panel():
    _load()
    coordinator = User.objects.get(email="coordinator@example.org")
    analyst = User.objects.get(email="analyst@example.org")
    booking = Booking.objects.get(
        day__date__gt=timezone.localdate(), requester__email="requester@example.org"
    )
    other = (
        User.objects.filter(
            open_desk_availability__slot=booking.slot,
            analyst_profile__rules_accepted_at__isnull=False,
        )
        .exclude(pk=analyst.pk)
        .exclude(analyst_profile__host_facility__institution=booking.requester.institution)
        .first()
    )
    booking = set_panel(
        coordinator=coordinator,
        booking=booking,
        analysts=[analyst, other],
        expected_version=booking.panel_version,
    )
    assert booking.status == BookingStatus.ALLOCATED


@pytest.mark.django_db
def test_demo_upcoming_day_can_be_allocated():
    _load()
    coordinator = User.objects.get(email="coordinator@example.org")
    day = OpenDeskDay.objects.get(date__gt=timezone.localdate())
    result = propose_allocation(coordinator=coordinator, day=day)
    assert result["unplaced"] == 0
    assert result["placed"] == Booking.objects.filter(day=day).count()


@pytest.mark.django_db
def test_a_failed_load_leaves_nothing_behind(monkeypatch, settings):
    def fail(demo):
        raise RuntimeError("disk full")

    monkeypatch.setattr(opendesk_demo, "_past_day", fail)
    with pytest.raises(RuntimeError):
        _load()
    assert not User.objects.exists()
    assert not HostFacility.objects.exists()
    assert not OpenDeskDay.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))

    monkeypatch.undo()
    assert "Demo network loaded" in _load()
