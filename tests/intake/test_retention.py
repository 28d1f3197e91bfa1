"""Retention: files go N days after the session, never without a notice, unless kept."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils.formats import date_format

from biafed.intake.models import FileStatus
from biafed.intake.services import run_periodic
from biafed.intake.services.retention import apply_retention
from biafed.notifications.models import Notification
from tests.factories import checked_file

pytestmark = pytest.mark.django_db


def at(day, days: int = 0):
    """Noon, `days` after `day`, Paris time."""
    return datetime.combine(day + timedelta(days=days), time(12), tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def kept_short(settings):
    settings.INTAKE_RETENTION_DAYS = 30
    settings.INTAKE_RETENTION_NOTICE_DAYS = 7


def test_nothing_happens_long_before_the_due_date(cast, kept_short):
    data_file = checked_file(cast.booking)
    assert apply_retention(now=at(cast.booking.day.date, 1)) == {"noticed": 0, "deleted": 0}
    data_file.refresh_from_db()
    assert data_file.delete_after == cast.booking.day.date + timedelta(days=30)


def test_notice_before_deletion_then_deletion(cast, kept_short, django_capture_on_commit_callbacks):
    data_file = checked_file(cast.booking)
    session = cast.booking.day.date

    counts = apply_retention(now=at(session, 23))
    again = apply_retention(now=at(session, 24))

    assert counts == {"noticed": 1, "deleted": 0}
    assert again == {"noticed": 0, "deleted": 0}
    (notice,) = Notification.objects.filter(kind="data_retention")
    assert notice.recipient == cast.requester
    due = date_format(session + timedelta(days=30), "DATE_FORMAT")  # e.g. "27 January 2027"
    assert notice.subject == f"Your files for “Counting nuclei” will be deleted on {due}"
    assert "cells.tif" in notice.body

    assert apply_retention(now=at(session, 29)) == {"noticed": 0, "deleted": 0}
    with django_capture_on_commit_callbacks(execute=True):
        assert apply_retention(now=at(session, 30)) == {"noticed": 0, "deleted": 1}
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.DELETED
    assert not data_file.file.storage.exists(data_file.file.name)


def test_a_late_notice_postpones_the_deletion(cast, kept_short):
    """The scheduler was down during the notice period: the notice still comes first."""
    data_file = checked_file(cast.booking)
    session = cast.booking.day.date

    assert apply_retention(now=at(session, 45)) == {"noticed": 1, "deleted": 0}
    data_file.refresh_from_db()
    assert data_file.delete_after == session + timedelta(days=52)
    assert apply_retention(now=at(session, 51))["deleted"] == 0
    assert apply_retention(now=at(session, 52))["deleted"] == 1


def test_files_the_requester_keeps_are_never_deleted(client, cast, kept_short):
    data_file = checked_file(cast.booking)
    client.force_login(cast.requester)
    client.post(f"/files/for/opendesk.booking:{cast.booking.pk}/keep/", {"keep": "yes"})

    assert apply_retention(now=at(cast.booking.day.date, 400)) == {"noticed": 0, "deleted": 0}
    data_file.refresh_from_db()
    assert data_file.status == FileStatus.VALID


def test_new_files_inherit_the_consent_to_keep(cast, kept_short):
    from biafed.intake.services import set_keep

    checked_file(cast.booking, name="a.tif")
    set_keep(actor=cast.requester, target=cast.booking, keep=True)
    later = checked_file(cast.booking, name="b.tif")
    assert later.keep_after_session is True


def test_moving_the_booking_to_a_later_day_moves_the_due_date(cast, kept_short):
    from tests.factories import OpenDeskDayFactory

    data_file = checked_file(cast.booking)
    later_day = OpenDeskDayFactory(date=cast.booking.day.date + timedelta(days=20))
    type(cast.booking).objects.filter(pk=cast.booking.pk).update(day=later_day)

    assert apply_retention(now=at(later_day.date, 10)) == {"noticed": 0, "deleted": 0}
    data_file.refresh_from_db()
    assert data_file.delete_after == later_day.date + timedelta(days=30)


def test_periodic_job_runs_retention_and_upload_expiry(cast, kept_short):
    checked_file(cast.booking)
    counts = run_periodic(now=at(cast.booking.day.date, 25))
    assert counts["noticed"] == 1
    assert counts["uploads_expired"] == 1  # the finished upload's record, a week later
    assert cast.booking.files.get().status == FileStatus.VALID
