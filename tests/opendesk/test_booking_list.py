"""The booking list: day-by-day paging shows every booking once, in order; filters and search."""

import random
import re
from datetime import timedelta

import pytest
from django.urls import reverse

from biafed.common.paging import BucketedRows
from biafed.opendesk.models import Booking, BookingStatus
from tests.factories import (
    BookingFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    RequesterFactory,
)

pytestmark = pytest.mark.django_db

ORDER = ("-day__date", "day_id", "slot__index", "room", "-pk")


@pytest.fixture
def bookings():
    """Bookings over four days (two on the same date), with and without a place."""
    rng = random.Random(7)
    first = OpenDeskDayFactory()
    days = [
        first,
        OpenDeskDayFactory(date=first.date),  # same date: the day's id breaks the tie
        OpenDeskDayFactory(date=first.date + timedelta(days=14)),
        OpenDeskDayFactory(date=first.date - timedelta(days=14)),
    ]
    made = []
    for day in days:
        places = [(slot, room) for slot in day.slots.all() for room in (1, 2, 3)]
        for slot, room in rng.sample(places, rng.randint(3, 9)):
            made.append(
                BookingFactory(day=day, slot=slot, room=room, status=BookingStatus.SUBMITTED)
            )
        for _ in range(rng.randint(0, 3)):  # waiting for a place
            made.append(BookingFactory(day=day, status=BookingStatus.CANCELLED))
    return made


def test_every_slice_of_the_bucketed_rows_equals_the_plain_query(bookings):
    plain = list(Booking.objects.order_by(*ORDER).values_list("pk", flat=True))
    rows = BucketedRows(
        Booking.objects.all(),
        bucket="day",
        bucket_order=("-date", "pk"),
        order=("slot__index", "room", "-pk"),
    )
    assert rows.count() == len(plain)
    for start in range(0, len(plain) + 2):
        for size in (1, 4, 7, 50):
            assert rows[start : start + size] == plain[start : start + size], (start, size)


def _listed_titles(response) -> list[str]:
    return re.findall(r'data-testid="booking-title">([^<]*)<', response.content.decode())


def test_the_pages_of_the_list_show_every_booking_once_in_order(client, bookings, monkeypatch):
    monkeypatch.setattr("biafed.opendesk.views.requester.PAGE_SIZE", 5)
    for number, booking in enumerate(Booking.objects.order_by(*ORDER)):
        Booking.objects.filter(pk=booking.pk).update(title=f"Request {number:03d}")
    client.force_login(CoordinatorFactory())
    shown, page = [], 1
    while True:
        response = client.get(reverse("opendesk:booking_list"), {"page": page})
        titles = _listed_titles(response)
        shown += titles
        if "next →" not in response.content.decode():
            break
        page += 1
    assert shown == [f"Request {n:03d}" for n in range(len(bookings))]
    assert "last »" not in response.content.decode()
    first = client.get(reverse("opendesk:booking_list")).content.decode()
    assert f"page={page}" in first and "last »" in first


def test_search_finds_bookings_by_title_and_requester_and_keeps_the_filters(client, bookings):
    alice = RequesterFactory(full_name="Alice Martin", email="alice@lab.example.org")
    mine = BookingFactory(
        day=bookings[0].day, requester=alice, status=BookingStatus.SUBMITTED, title="Zebrafish fins"
    )
    client.force_login(CoordinatorFactory())
    url = reverse("opendesk:booking_list")
    for query in ("zebrafish", "alice martin", "lab.example.org"):
        titles = _listed_titles(client.get(url, {"q": query}))
        assert titles == [mine.title], query
    response = client.get(url, {"q": "no such thing", "status": "submitted"})
    assert _listed_titles(response) == []
    page = response.content.decode()
    assert "No booking matches these filters." in page
    assert 'value="no such thing"' in page


def test_a_requester_searching_the_list_sees_only_their_own_bookings(client, bookings):
    requester = bookings[0].requester
    client.force_login(requester)
    titles = _listed_titles(client.get(reverse("opendesk:booking_list"), {"q": "Counting"}))
    own = Booking.objects.filter(requester=requester).count()
    assert len(titles) == own >= 1
