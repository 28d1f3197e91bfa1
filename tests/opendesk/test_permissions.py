"""Who may see and do what with a booking: owner, panel, outsiders, coordinator."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse

from biafed.opendesk.models import Booking, BookingStatus, PanelMember, SessionOutcome
from biafed.opendesk.rules import visible_bookings
from biafed.opendesk.services.bookings import attach_files
from biafed.people.models import User
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    confirmed_booking,
    make_upload,
    start_session,
    submitted_booking,
)

pytestmark = pytest.mark.django_db

IMAGE = b"II*\x00" + bytes(range(256)) * 4


@dataclass
class Cast:
    booking: Booking
    owner: User
    panelist: User
    other_panelist: User
    other_requester: User
    other_analyst: User
    coordinator: User


@pytest.fixture
def cast() -> Cast:
    day = OpenDeskDayFactory()
    owner = RequesterFactory()
    panelist, other_panelist = AnalystFactory(), AnalystFactory()
    booking = confirmed_booking(day=day, requester=owner, panel=[panelist, other_panelist])
    # The outsiders have bookings and panels of their own on the same day.
    other_requester = RequesterFactory()
    other_analyst = AnalystFactory()
    confirmed_booking(day=day, requester=other_requester, panel=[other_analyst, AnalystFactory()])
    return Cast(
        booking,
        owner,
        panelist,
        other_panelist,
        other_requester,
        other_analyst,
        CoordinatorFactory(),
    )


def detail_url(booking) -> str:
    return reverse("opendesk:booking_detail", args=[booking.pk])


def template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


# --- Viewing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "panelist", "coordinator"])
def test_view_booking_allowed_to_owner_panel_and_coordinator(cast, who):
    user = getattr(cast, who)

    assert user.has_perm("opendesk.view_booking", cast.booking)
    assert visible_bookings(user).filter(pk=cast.booking.pk).exists()


@pytest.mark.parametrize("who", ["other_requester", "other_analyst"])
def test_view_booking_refused_to_outsiders(cast, who):
    user = getattr(cast, who)

    assert not user.has_perm("opendesk.view_booking", cast.booking)
    assert not visible_bookings(user).filter(pk=cast.booking.pk).exists()


@pytest.mark.parametrize("who", ["other_requester", "other_analyst"])
def test_booking_detail_page_outsider_gets_404(client, cast, who):
    client.force_login(getattr(cast, who))

    response = client.get(detail_url(cast.booking))

    assert response.status_code == 404


def test_booking_detail_page_anonymous_redirected_to_log_in(client, cast):
    response = client.get(detail_url(cast.booking))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.skipif(
    not template_exists("opendesk/booking_detail.html"),
    reason="the booking page template is not written yet",
)
@pytest.mark.parametrize("who", ["owner", "panelist", "coordinator"])
def test_booking_detail_page_owner_panel_and_coordinator_get_200(client, cast, who):
    client.force_login(getattr(cast, who))

    response = client.get(detail_url(cast.booking))

    assert response.status_code == 200


# --- Downloading example images ---------------------------------------------------------------


@pytest.fixture
def example(cast):
    (record,) = attach_files(
        actor=cast.owner,
        booking=cast.booking,
        uploads=[make_upload("embryo stack.ome.tif", content=IMAGE)],
    )
    return record


def file_url(booking, record) -> str:
    return reverse("opendesk:download_file", args=[booking.pk, record.pk])


@pytest.mark.parametrize("who", ["owner", "panelist", "coordinator"])
def test_download_file_returns_the_file_as_attachment(client, cast, example, who):
    client.force_login(getattr(cast, who))

    response = client.get(file_url(cast.booking, example), follow=True)

    assert response.redirect_chain == [(reverse("intake:download", args=[example.pk]), 302)]
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="embryo stack.ome.tif"'
    assert b"".join(response.streaming_content) == IMAGE


@pytest.mark.parametrize("who", ["other_requester", "other_analyst"])
def test_download_file_outsider_gets_404(client, cast, example, who):
    client.force_login(getattr(cast, who))

    response = client.get(file_url(cast.booking, example))

    assert response.status_code == 404


def test_download_file_through_another_booking_gets_404(client, cast, example):
    """A requester cannot reach someone else's file by pairing it with their own booking."""
    own = submitted_booking(requester=cast.other_requester)
    client.force_login(cast.other_requester)

    response = client.get(file_url(own, example))

    assert response.status_code == 404


def test_download_file_anonymous_redirected_to_log_in(client, cast, example):
    response = client.get(file_url(cast.booking, example))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_requester", "other_analyst"])
def test_cancel_by_an_outsider_refused(client, cast, who):
    user = getattr(cast, who)
    client.force_login(user)

    response = client.post(reverse("opendesk:cancel", args=[cast.booking.pk]), {"confirm": "yes"})

    assert not user.has_perm("opendesk.cancel_booking", cast.booking)
    assert response.status_code == 404
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.CONFIRMED


def test_cancel_by_a_panel_member_forbidden(client, cast):
    client.force_login(cast.panelist)

    response = client.post(reverse("opendesk:cancel", args=[cast.booking.pk]), {"confirm": "yes"})

    assert not cast.panelist.has_perm("opendesk.cancel_booking", cast.booking)
    assert response.status_code == 403
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("who", ["owner", "coordinator"])
def test_cancel_by_owner_or_coordinator_frees_the_place(client, cast, who):
    client.force_login(getattr(cast, who))

    response = client.post(
        reverse("opendesk:cancel", args=[cast.booking.pk]), {"reason": "ill", "confirm": "yes"}
    )

    assert response.status_code == 302
    assert response["Location"] == detail_url(cast.booking)
    cast.booking.refresh_from_db()
    assert (cast.booking.status, cast.booking.room) == (BookingStatus.CANCELLED, None)


# --- Recording the outcome --------------------------------------------------------------------


def test_outcome_by_an_analyst_outside_the_panel_refused(client, cast):
    start_session(cast.booking)
    client.force_login(cast.other_analyst)

    response = client.post(
        reverse("opendesk:outcome", args=[cast.booking.pk]),
        {"advice": "Use Ilastik.", "follow_up": "none"},
    )

    assert not cast.other_analyst.has_perm("opendesk.record_outcome", cast.booking)
    assert response.status_code in (403, 404)
    assert SessionOutcome.objects.count() == 0


def test_outcome_by_the_requester_refused(client, cast):
    start_session(cast.booking)
    client.force_login(cast.owner)

    response = client.post(
        reverse("opendesk:outcome", args=[cast.booking.pk]),
        {"advice": "All good.", "follow_up": "none"},
    )

    assert not cast.owner.has_perm("opendesk.record_outcome", cast.booking)
    assert response.status_code == 403
    assert SessionOutcome.objects.count() == 0


def test_outcome_by_a_panel_member_recorded_and_redirected(client, cast):
    start_session(cast.booking)
    client.force_login(cast.panelist)

    response = client.post(
        reverse("opendesk:outcome", args=[cast.booking.pk]),
        {
            "advice": "Use StarDist.",
            "follow_up": "project",
            "shared_links": "https://example.org/notebook.ipynb",
        },
    )

    assert cast.panelist.has_perm("opendesk.record_outcome", cast.booking)
    assert response.status_code == 302
    assert response["Location"] == detail_url(cast.booking)
    outcome = SessionOutcome.objects.get(booking=cast.booking)
    assert (outcome.advice, outcome.follow_up, outcome.recorded_by) == (
        "Use StarDist.",
        "project",
        cast.panelist,
    )


def test_mark_attendance_by_a_panel_member_forbidden(client, cast):
    start_session(cast.booking)
    client.force_login(cast.panelist)

    response = client.post(
        reverse("opendesk:attendance", args=[cast.booking.pk]), {"attended": "yes"}
    )

    assert response.status_code == 403
    cast.booking.refresh_from_db()
    assert cast.booking.status == BookingStatus.CONFIRMED


# --- Which bookings each person sees ----------------------------------------------------------


def test_visible_bookings_requester_sees_only_their_own(cast):
    draft = Booking.objects.create(day=cast.booking.day, requester=cast.owner)

    assert set(visible_bookings(cast.owner)) == {cast.booking, draft}


def test_visible_bookings_analyst_sees_only_the_panels_they_sit_on(cast):
    elsewhere = confirmed_booking(panel=[cast.panelist, AnalystFactory()])

    assert set(visible_bookings(cast.panelist)) == {cast.booking, elsewhere}
    assert set(visible_bookings(cast.other_panelist)) == {cast.booking}


def test_visible_bookings_coordinator_sees_all(cast):
    assert set(visible_bookings(cast.coordinator)) == set(Booking.objects.all())
    assert visible_bookings(cast.coordinator).count() == 2


def test_visible_bookings_anonymous_sees_none(cast):
    assert list(visible_bookings(AnonymousUser())) == []
    assert not AnonymousUser().has_perm("opendesk.view_booking", cast.booking)


def test_visible_bookings_panel_member_removed_from_the_panel_loses_access(cast):
    PanelMember.objects.filter(booking=cast.booking, analyst=cast.panelist).delete()

    assert not visible_bookings(cast.panelist).filter(pk=cast.booking.pk).exists()
    assert not cast.panelist.has_perm("opendesk.view_booking", cast.booking)
