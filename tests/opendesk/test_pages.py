"""Every open-desk page renders for the roles that use it, in a bounded number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from biafed.opendesk.models import Booking, BookingStatus
from biafed.people.models import ExpertiseFamily
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    checked_file,
    seat,
    submitted_booking,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day():
    return OpenDeskDayFactory()


def test_requester_walks_the_guided_form_and_submits(client, day):
    requester = RequesterFactory()
    client.force_login(requester)
    response = client.post(reverse("opendesk:start_booking", args=[day.pk]))
    booking = Booking.objects.get(requester=requester)
    assert response.url == reverse("opendesk:booking_edit", args=[booking.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    assert "Example:" in page.content.decode()

    slot = day.slots.get(index=1)
    answers = {
        "title": "Counting foci",
        "biological_question": "Does X change foci?",
        "objects_of_interest": "Nuclei",
        "measurements": "Foci per nucleus",
        "dimensionality": "3d",
        "consent_to_share": "on",
        "slot": slot.pk,
        "submit": "1",
    }
    response = client.post(reverse("opendesk:booking_edit", args=[booking.pk]), answers)
    booking.refresh_from_db()
    assert response.status_code == 302
    assert (booking.status, booking.slot_id, booking.room) == (BookingStatus.SUBMITTED, slot.pk, 1)
    detail = client.get(reverse("opendesk:booking_detail", args=[booking.pk])).content.decode()
    assert "Missing: example images" in detail


def test_incomplete_submission_keeps_what_was_typed(client, day):
    requester = RequesterFactory()
    client.force_login(requester)
    client.post(reverse("opendesk:start_booking", args=[day.pk]))
    booking = Booking.objects.get(requester=requester)
    response = client.post(
        reverse("opendesk:booking_edit", args=[booking.pk]),
        {"title": "My typed title", "slot": day.slots.first().pk, "submit": "1"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="My typed title"' in content
    assert "Please answer:" in content
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DRAFT


def test_refused_upload_is_explained(client, day, settings):
    settings.INTAKE_MAX_FILE_MB = 1
    booking = submitted_booking(day=day)
    client.force_login(booking.requester)
    big = SimpleUploadedFile("stack.tif", b"II*\0" + b"\0" * (2 * 1024 * 1024))
    response = client.post(
        reverse("intake:form_upload", args=[f"opendesk.booking:{booking.pk}"]),
        {"files": [big]},
        follow=True,
    )
    assert "the limit is 1.0\xa0MB per file" in response.content.decode()
    assert booking.files.count() == 0


def test_coordinator_pages_render(client, day, django_assert_max_num_queries):
    coordinator = CoordinatorFactory()
    segmentation = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="segmentation")
    analysts = [AnalystFactory(expertise={segmentation: "expert"}) for _ in range(3)]
    for i in range(6):
        booking = submitted_booking(day=day, slot_index=i % 3)
        checked_file(booking, name=f"img{i}.png")
        if i < 2:
            seat(booking, *analysts[:2])
    client.force_login(coordinator)
    for name in ("day_dashboard", "day_edit"):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(f"opendesk:{name}", args=[day.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("opendesk:booking_list")).status_code == 200
    first = Booking.objects.filter(day=day).first()
    assert client.get(reverse("opendesk:panel_edit", args=[first.pk])).status_code == 200
    assert client.get(reverse("opendesk:move", args=[first.pk])).status_code == 200
    assert client.get(reverse("opendesk:day_create")).status_code == 200
    assert client.get(reverse("people:vocabulary")).status_code == 200


def test_analyst_pages_render(client, day):
    analyst = AnalystFactory()
    booking = submitted_booking(day=day)
    seat(booking, analyst)
    client.force_login(analyst)
    for url in (
        reverse("home"),
        reverse("opendesk:day_list"),
        reverse("opendesk:my_sessions"),
        reverse("opendesk:availability", args=[day.pk]),
        reverse("opendesk:booking_detail", args=[booking.pk]),
        reverse("people:directory"),
        reverse("people:my_profile"),
        reverse("people:network_rules"),
        reverse("notifications"),
    ):
        assert client.get(url).status_code == 200, url


def test_panel_edit_over_htmx_returns_the_fragment(client, day):
    coordinator = CoordinatorFactory()
    booking = submitted_booking(day=day)
    client.force_login(coordinator)
    response = client.get(reverse("opendesk:panel_edit", args=[booking.pk]), HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert 'id="panel-form"' in content
    assert "<html" not in content


def test_day_dashboard_shows_data_readiness_per_booking_and_for_the_day(client, day):
    ready = submitted_booking(day=day, slot_index=0)
    checked_file(ready, name="ok.png")
    unreadable = submitted_booking(day=day, slot_index=1)
    checked_file(unreadable, name="bad.png", valid=False)
    submitted_booking(day=day, slot_index=2)
    client.force_login(CoordinatorFactory())

    page = client.get(reverse("opendesk:day_dashboard", args=[day.pk])).content.decode()

    assert "1/3" in page  # bookings with data ready
    assert "1 booking ready" in page
    assert "1 with unreadable files only" in page
    assert "1 without data" in page
    assert page.count('data-testid="readiness"') == 3
