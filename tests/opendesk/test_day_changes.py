"""Changing a day's state from its pages: a confirmation that says what will happen, offered
only when the change can succeed, and corrections (reopening registration)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from biafed.common.errors import BusinessRuleError
from biafed.notifications.models import Notification
from biafed.opendesk.models import BookingStatus, DayStatus
from biafed.opendesk.notification_kinds import NotificationKind
from biafed.opendesk.services.days import reopen_registration
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    allocated_booking,
    confirmed_booking,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def dashboard(client, day) -> str:
    return client.get(reverse("opendesk:day_dashboard", args=[day.pk])).content.decode()


def test_publishing_panels_without_confirmation_only_shows_what_will_happen(signed_in):
    day = OpenDeskDayFactory()
    booking = allocated_booking(day=day, panel=[AnalystFactory(), AnalystFactory()])
    url = reverse("opendesk:publish_allocation", args=[day.pk])

    page = signed_in.post(url).content.decode()

    booking.refresh_from_db()
    day.refresh_from_db()
    assert (booking.status, day.status) == (BookingStatus.ALLOCATED, DayStatus.PUBLISHED)
    assert "1 booking will be confirmed." in page
    assert "3 invitations will be sent (requesters and panel analysts)." in page
    assert "Registration closes now, 14 days before its deadline." in page
    assert Notification.objects.filter(kind=NotificationKind.INVITATION).count() == 0


def test_publishing_panels_with_confirmation_confirms_and_invites(signed_in):
    day = OpenDeskDayFactory()
    booking = allocated_booking(day=day, panel=[AnalystFactory(), AnalystFactory()])
    url = reverse("opendesk:publish_allocation", args=[day.pk])

    response = signed_in.post(url, {"confirm": "yes"}, follow=True)

    booking.refresh_from_db()
    day.refresh_from_db()
    assert (booking.status, day.status) == (BookingStatus.CONFIRMED, DayStatus.ALLOCATION_PUBLISHED)
    assert "1 booking confirmed; invitations are on their way." in response.content.decode()
    assert Notification.objects.filter(kind=NotificationKind.INVITATION).count() == 3


def test_publishing_panels_of_a_day_without_bookings_not_offered_and_refused(signed_in):
    day = OpenDeskDayFactory()
    url = reverse("opendesk:publish_allocation", args=[day.pk])

    assert url not in dashboard(signed_in, day)
    page = signed_in.post(url, {"confirm": "yes"}).content.decode()

    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED
    assert "there is nothing to publish" in page


def test_publishing_panels_of_a_past_day_not_offered_and_refused(signed_in):
    day = OpenDeskDayFactory()
    allocated_booking(day=day, panel=[AnalystFactory(), AnalystFactory()])
    day.date = timezone.localdate() - timedelta(days=1)
    day.save()
    url = reverse("opendesk:publish_allocation", args=[day.pk])

    assert url not in dashboard(signed_in, day)
    signed_in.post(url, {"confirm": "yes"})

    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED


def test_publishing_panels_of_a_closed_day_not_offered(signed_in):
    day = OpenDeskDayFactory(status=DayStatus.CLOSED)

    assert reverse("opendesk:publish_allocation", args=[day.pk]) not in dashboard(signed_in, day)


def test_opening_a_draft_day_asks_for_confirmation_then_opens_it(signed_in):
    day = OpenDeskDayFactory(status=DayStatus.DRAFT)
    url = reverse("opendesk:day_publish", args=[day.pk])
    assert url in dashboard(signed_in, day)

    page = signed_in.post(url).content.decode()
    day.refresh_from_db()
    assert day.status == DayStatus.DRAFT
    assert "Requesters can book a session until" in page

    signed_in.post(url, {"confirm": "yes"})
    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED
    assert url not in dashboard(signed_in, day)


def test_registration_reopened_after_closing_before_any_invitation(signed_in):
    day = OpenDeskDayFactory(status=DayStatus.CLOSED)
    url = reverse("opendesk:reopen_registration", args=[day.pk])
    assert url in dashboard(signed_in, day)

    signed_in.post(url, {"confirm": "yes"})

    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED


def test_registration_not_reopened_once_invitations_went_out(signed_in, coordinator):
    day = OpenDeskDayFactory()
    confirmed_booking(day=day)
    day.status = DayStatus.ALLOCATION_PUBLISHED
    day.save()

    assert reverse("opendesk:reopen_registration", args=[day.pk]) not in dashboard(signed_in, day)
    with pytest.raises(BusinessRuleError) as excinfo:
        reopen_registration(coordinator=coordinator, day=day)

    assert "Invitations have gone out" in " ".join(excinfo.value.messages)
    day.refresh_from_db()
    assert day.status == DayStatus.ALLOCATION_PUBLISHED
