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
    start_session,
    submitted_booking,
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


def test_closing_registration_is_offered_on_an_open_day_and_asks_first(signed_in):
    day = OpenDeskDayFactory()
    submitted_booking(day=day)
    url = reverse("opendesk:close_registration", args=[day.pk])
    assert url in dashboard(signed_in, day)

    page = signed_in.post(url).content.decode()
    day.refresh_from_db()
    assert day.status == DayStatus.PUBLISHED
    assert "The 1 booking already submitted keeps its place." in page

    signed_in.post(url, {"confirm": "yes"})
    day.refresh_from_db()
    assert day.status == DayStatus.CLOSED
    assert url not in dashboard(signed_in, day)
    assert reverse("opendesk:reopen_registration", args=[day.pk]) in dashboard(signed_in, day)


def test_a_day_closed_early_can_still_publish_its_panels(signed_in, coordinator):
    day = OpenDeskDayFactory()
    booking = allocated_booking(day=day, panel=[AnalystFactory(), AnalystFactory()])
    signed_in.post(reverse("opendesk:close_registration", args=[day.pk]), {"confirm": "yes"})

    signed_in.post(reverse("opendesk:publish_allocation", args=[day.pk]), {"confirm": "yes"})

    booking.refresh_from_db()
    day.refresh_from_db()
    assert (booking.status, day.status) == (BookingStatus.CONFIRMED, DayStatus.ALLOCATION_PUBLISHED)


@pytest.mark.parametrize("status", [DayStatus.DRAFT, DayStatus.ALLOCATION_PUBLISHED])
def test_closing_registration_is_not_offered_where_the_state_does_not_allow_it(signed_in, status):
    day = OpenDeskDayFactory(status=status)
    url = reverse("opendesk:close_registration", args=[day.pk])
    assert url not in dashboard(signed_in, day)

    page = signed_in.post(url, {"confirm": "yes"}).content.decode()

    day.refresh_from_db()
    assert day.status == status
    assert "Only a day open for booking can have its registration closed." in page


@pytest.mark.parametrize("who", ["requester", "coordinator"])
def test_cancelling_a_booking_asks_first_then_frees_the_place(client, coordinator, who):
    booking = submitted_booking()
    client.force_login(booking.requester if who == "requester" else coordinator)
    url = reverse("opendesk:cancel", args=[booking.pk])

    page = client.post(url, {"reason": "Found help locally"}).content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.SUBMITTED
    assert "The place is freed for another requester" in page
    assert 'value="Found help locally"' in page  # the reason is posted again

    client.post(url, {"reason": "Found help locally", "confirm": "yes"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.room is None


def test_cancelling_is_not_offered_once_the_session_started(client):
    booking = start_session(confirmed_booking(panel=[AnalystFactory()]))
    client.force_login(booking.requester)
    detail = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert reverse("opendesk:cancel", args=[booking.pk]) not in detail

    page = client.post(reverse("opendesk:cancel", args=[booking.pk]), {"confirm": "yes"})

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert "it can no longer be cancelled" in page.content.decode()


def test_closing_registration_is_not_announced_as_irreversible(signed_in):
    day = OpenDeskDayFactory()
    page = signed_in.get(reverse("opendesk:close_registration", args=[day.pk])).content.decode()
    assert "This will:" in page and "cannot be undone" not in page
