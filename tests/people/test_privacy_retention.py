"""Retention rules run by the periodic job: old open-desk answers cleared, dormant
requesters' accounts closed; staff accounts and counts untouched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from biafed.notifications.tasks import run_periodic_jobs
from biafed.opendesk.models import Booking, BookingStatus, OpenDeskDay
from biafed.people.models import Role, User
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    RequesterFactory,
    held_booking,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


def _days_ago(booking, days: int) -> Booking:
    OpenDeskDay.objects.filter(pk=booking.day_id).update(
        date=timezone.localdate() - timedelta(days=days)
    )
    return booking


def test_answers_are_cleared_once_the_session_is_past_the_retention_delay(settings):
    settings.PRIVACY_ANSWERS_RETENTION_DAYS = 365
    old = _days_ago(held_booking(biological_question="Old question"), 400)
    recent = _days_ago(held_booking(biological_question="Recent question"), 100)

    counts = run_periodic_jobs.call()
    again = run_periodic_jobs.call()

    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.biological_question, old.title, old.status) == ("", "", BookingStatus.HELD)
    assert recent.biological_question == "Recent question"
    assert counts["open_desk_answers_cleared"] == 1
    assert again["open_desk_answers_cleared"] == 0
    assert Booking.objects.filter(status=BookingStatus.HELD).count() == 2


def _unused_for(user, days: int):
    User.objects.filter(pk=user.pk).update(
        last_login=timezone.now() - timedelta(days=days),
        date_joined=timezone.now() - timedelta(days=days + 10),
    )
    return user


def test_dormant_requester_accounts_are_closed_and_staff_accounts_are_not(settings):
    settings.PRIVACY_DORMANT_ACCOUNT_DAYS = 1000
    dormant = _unused_for(RequesterFactory(full_name="Dormant Person"), 1100)
    active = _unused_for(RequesterFactory(), 10)
    analyst = _unused_for(AnalystFactory(), 1100)
    coordinator = _unused_for(CoordinatorFactory(), 1100)
    booked = _unused_for(RequesterFactory(), 1100)
    submitted_booking(requester=booked)  # an upcoming session: not closed

    counts = run_periodic_jobs.call()

    assert counts["dormant_accounts_closed"] == 1
    dormant.refresh_from_db()
    assert dormant.closed_at is not None and not dormant.is_active
    assert dormant.full_name == f"Closed account #{dormant.pk}"
    for kept in (active, analyst, coordinator, booked):
        kept.refresh_from_db()
        assert kept.closed_at is None and kept.is_active, kept
    assert dormant.roles.filter(role=Role.REQUESTER).exists()  # still counted as a requester
    assert run_periodic_jobs.call()["dormant_accounts_closed"] == 0
