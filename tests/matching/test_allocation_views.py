"""The allocation page: who may use it, what it shows, its actions, its query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from biafed.matching.models import AllocationPin, AllocationRun, RunStatus
from biafed.matching.services import runs as run_services
from biafed.opendesk.models import BookingStatus, PanelMember
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    UserFactory,
    allocated_booking,
    confirmed_booking,
    declare_available,
    submitted_booking,
)
from tests.matching.day_setup import analysts_available, booking_about

pytestmark = pytest.mark.django_db


def page_url(day) -> str:
    return reverse("matching:day", args=[day.pk])


def compute(client, day, capture):
    with capture(execute=True):
        response = client.post(reverse("matching:compute", args=[day.pk]))
    return response


# --- Permissions ----------------------------------------------------------------------------


@pytest.fixture
def people(day):
    """A coordinator, an analyst on a panel of the day, its requester and an outsider."""
    panelist = AnalystFactory()
    booking = allocated_booking(day=day, panel=[panelist, AnalystFactory()])
    return {
        "coordinator": CoordinatorFactory(),
        "panelist": panelist,
        "requester": booking.requester,
        "outsider": UserFactory(),
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("panelist", 403), ("requester", 403), ("outsider", 403)],
)
def test_allocation_page_is_for_coordinators_only(client, day, people, who, status):
    client.force_login(people[who])

    assert client.get(page_url(day)).status_code == status


@pytest.mark.parametrize("who", ["panelist", "requester", "outsider"])
def test_only_coordinators_compute_pin_apply_or_stop(client, day, people, who):
    booking = submitted_booking(day=day, slot_index=1)
    run = run_services.start_run(coordinator=people["coordinator"], day=day)
    client.force_login(people[who])

    posts = [
        reverse("matching:compute", args=[day.pk]),
        reverse("matching:apply", args=[run.pk]),
        reverse("matching:stop", args=[run.pk]),
        reverse("matching:pin_member", args=[booking.pk]),
        reverse("matching:pin_slot", args=[booking.pk]),
    ]
    assert [client.post(url).status_code for url in posts] == [403] * len(posts)
    assert client.get(reverse("matching:run", args=[run.pk])).status_code == 403
    assert client.get(reverse("matching:run_instance", args=[run.pk])).status_code == 403
    assert AllocationRun.objects.count() == 1
    assert not AllocationPin.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, day):
    response = client.get(page_url(day))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- The page -------------------------------------------------------------------------------


def test_computing_shows_the_schedule_with_explanations_and_gap(
    client, coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    experts = analysts_available(day, 3, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation, title="Nuclei in organoids")
    client.force_login(coordinator)
    first = client.get(page_url(day)).content.decode()
    assert "Compute proposal" in first

    response = compute(client, day, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    page = client.get(page_url(day)).content.decode()
    assert 'data-testid="proposal"' in page
    assert 'data-testid="solver-status">proven optimal<' in page
    assert 'data-testid="gap">0.00%<' in page
    assert 'data-testid="served">1/1<' in page
    assert "knows segmentation (expert)" in page
    for analyst in experts:
        assert f'data-testid="member-{booking.pk}-{analyst.pk}"' in page
    assert "Re-solve" in page
    assert 'data-testid="apply"' in page


def test_a_running_computation_is_polled_until_the_schedule_replaces_it(
    client, coordinator, day, segmentation
):
    analysts_available(day, 2)
    booking_about(day, segmentation)
    run = run_services.start_run(coordinator=coordinator, day=day)  # the worker has not started
    client.force_login(coordinator)

    page = client.get(page_url(day)).content.decode()
    poll = client.get(reverse("matching:run", args=[run.pk]), headers={"HX-Request": "true"})

    assert 'data-testid="progress"' in page
    assert f'hx-get="{reverse("matching:run", args=[run.pk])}"' in page
    assert "Waiting for the worker" in poll.content.decode()
    assert 'hx-trigger="every 1s"' in poll.content.decode()

    run_services.execute_run(run_id=run.pk)
    done = client.get(reverse("matching:run", args=[run.pk]), headers={"HX-Request": "true"})

    assert 'data-testid="proposal"' in done.content.decode()
    assert "hx-trigger" not in done.content.decode()


def test_requests_that_cannot_be_held_are_listed_with_the_reason(
    client, coordinator, day, django_capture_on_commit_callbacks
):
    booking = submitted_booking(day=day, slot_index=0, title="Nobody free")
    for analyst in AnalystFactory.create_batch(2):
        declare_available(analyst, day.slots.get(index=2))
    client.force_login(coordinator)

    compute(client, day, django_capture_on_commit_callbacks)
    page = client.get(page_url(day)).content.decode()

    assert f'data-testid="unserved-{booking.pk}"' in page
    assert "no eligible analyst available in any allowed slot" in page


def test_a_failed_computation_says_so(
    client, coordinator, day, monkeypatch, django_capture_on_commit_callbacks
):
    submitted_booking(day=day)
    monkeypatch.setattr(
        "biafed.matching.services.planning.solve",
        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")),
    )
    client.force_login(coordinator)

    compute(client, day, django_capture_on_commit_callbacks)
    page = client.get(page_url(day)).content.decode()

    assert 'data-testid="run-failed"' in page
    assert "RuntimeError: boom" in page


def test_pinning_a_member_and_a_session_then_applying(
    client, coordinator, day, segmentation, django_capture_on_commit_callbacks
):
    experts = analysts_available(day, 3, expertise={segmentation: "expert"})
    booking = booking_about(day, segmentation)
    third = day.slots.get(index=2)
    client.force_login(coordinator)
    compute(client, day, django_capture_on_commit_callbacks)

    client.post(reverse("matching:pin_member", args=[booking.pk]), {"analyst": experts[0].pk})
    client.post(reverse("matching:pin_slot", args=[booking.pk]), {"slot": third.pk})
    page = client.get(page_url(day)).content.decode()
    assert f'data-testid="pinned-{booking.pk}-{experts[0].pk}"' in page
    assert 'data-testid="pins"' in page

    compute(client, day, django_capture_on_commit_callbacks)
    run = AllocationRun.objects.latest("created_at", "id")
    response = client.post(reverse("matching:apply", args=[run.pk]), follow=True)

    assert "Proposal applied: 1 request has a panel" in response.content.decode()
    booking.refresh_from_db()
    assert (booking.status, booking.slot_id) == (BookingStatus.ALLOCATED, third.pk)
    assert experts[0].pk in set(
        PanelMember.objects.filter(booking=booking).values_list("analyst_id", flat=True)
    )
    assert 'data-testid="applied"' in response.content.decode()


def test_pinning_a_session_of_another_day_is_refused(client, coordinator, day):
    booking = submitted_booking(day=day)
    other = OpenDeskDayFactory().slots.first()
    client.force_login(coordinator)

    response = client.post(
        reverse("matching:pin_slot", args=[booking.pk]), {"slot": other.pk}, follow=True
    )

    assert "Choose a session of this day." in response.content.decode()
    assert not AllocationPin.objects.exists()


def test_unpinning(client, coordinator, day):
    booking = submitted_booking(day=day)
    analyst = analysts_available(day, 1)[0]
    pin = AllocationPin.objects.create(booking=booking, analyst=analyst, created_by=coordinator)
    client.force_login(coordinator)

    client.post(reverse("matching:unpin", args=[pin.pk]))

    assert not AllocationPin.objects.exists()


def test_the_instance_downloads_as_json(client, coordinator, day):
    booking = submitted_booking(day=day)
    run = run_services.start_run(coordinator=coordinator, day=day)
    client.force_login(coordinator)

    response = client.get(reverse("matching:run_instance", args=[run.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="allocation-run-{run.pk}.json"'
    )
    assert [r["id"] for r in response.json()["requests"]] == [booking.pk]


def test_a_day_with_no_request_waiting_offers_nothing_to_compute(client, coordinator, day):
    client.force_login(coordinator)

    empty = client.get(page_url(day)).content.decode()
    booking_about(day, ExpertiseTermFactory(name="tracking"))
    waiting = client.get(page_url(day)).content.decode()

    assert 'data-testid="compute" disabled' in empty
    assert "Nothing to compute: no request is waiting for a panel." in empty
    assert 'data-testid="compute">' in waiting
    assert "Nothing to compute" not in waiting


def test_the_day_dashboard_links_to_the_allocation_page(client, coordinator, day):
    client.force_login(coordinator)

    page = client.get(reverse("opendesk:day_dashboard", args=[day.pk])).content.decode()

    assert f'href="{page_url(day)}"' in page


def _fill(day, segmentation, per_slot: int):
    for slot_index in range(3):
        for _ in range(per_slot):
            booking_about(day, segmentation, slot_index=slot_index)


def _queries(client, url) -> int:
    client.get(url)  # a process loads the catalogue's term names once, on first use
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_the_schedule(
    client, coordinator, segmentation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    counts = []
    for per_slot in (1, 3):
        day = OpenDeskDayFactory()
        analysts_available(day, 9, expertise={segmentation: "expert"})
        confirmed_booking(day=day, slot_index=0)
        _fill(day, segmentation, per_slot if per_slot == 1 else 2)
        compute(client, day, django_capture_on_commit_callbacks)
        assert AllocationRun.objects.filter(day=day).get().status == RunStatus.DONE
        counts.append(_queries(client, page_url(day)))

    assert counts[0] == counts[1]
