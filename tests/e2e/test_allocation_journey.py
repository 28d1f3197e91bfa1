"""The allocation page in a real browser: compute, follow the progress, read the schedule,
pin a panel member, re-solve, apply, publish; the requester sees the confirmed session."""

import pytest

from biafed.matching.models import AllocationRun, RunStatus
from biafed.matching.services.runs import execute_run
from biafed.opendesk.models import BookingStatus, PanelMember
from biafed.opendesk.services.days import set_availability
from biafed.people.models import ExpertiseFamily
from tests.factories import (
    PASSWORD,
    AnalystFactory,
    CoordinatorFactory,
    ExpertiseTermFactory,
    OpenDeskDayFactory,
    RequesterFactory,
    submitted_booking,
    verified,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def compute_in_the_background(page) -> AllocationRun:
    """Click the compute button, see the progress, then play the worker's part."""
    page.click("[data-testid=compute]")
    page.wait_for_selector("[data-testid=progress]")
    assert "Waiting for the worker" in page.inner_text("[data-testid=progress]")
    run = AllocationRun.objects.get(status=RunStatus.QUEUED)
    execute_run(run_id=run.pk)
    # htmx polls every second and swaps the schedule in place of the progress.
    page.wait_for_selector("[data-testid=proposal]")
    return run


def test_coordinator_computes_pins_resolves_applies_and_publishes(open_page, settings):
    # The worker is played by the test, so the browser sees the run waiting, then done.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    segmentation = ExpertiseTermFactory(family=ExpertiseFamily.METHOD, name="Segmentation")
    day = OpenDeskDayFactory()
    first_slot = day.slots.get(index=0)
    experts = [
        AnalystFactory(full_name=f"Expert {n}", expertise={segmentation: "advise"})
        for n in range(4)
    ]
    for analyst in experts:
        set_availability(analyst=analyst, day=day, slots=[first_slot])
    coordinator = CoordinatorFactory(full_name="Coordinator")
    requester = RequesterFactory(full_name="Rita Requester")
    for person in (coordinator, requester):
        verified(person)
    booking = submitted_booking(
        day=day, requester=requester, slot_index=0, title="Nuclei in organoids"
    )
    booking.topics.set([segmentation])

    # 1. From the day's dashboard to the allocation page; compute a proposal.
    page = open_page(coordinator, PASSWORD)
    page.goto(f"/open-desk/days/{day.pk}/")
    page.click("[data-testid=allocation-page]")
    page.wait_for_selector("text=Compute proposal")
    compute_in_the_background(page)

    # 2. The schedule: the panel with affinities and explanations, the status and the gap.
    assert page.inner_text("[data-testid=solver-status]") == "proven optimal"
    assert page.inner_text("[data-testid=gap]") == "0.00%"
    assert page.inner_text("[data-testid=served]") == "1/1"
    schedule = page.inner_text("[data-testid=schedule]")
    assert "Nuclei in organoids" in schedule
    assert schedule.count("matched: Segmentation") == 3
    first = AllocationRun.objects.get()
    seated = [s["analyst"] for s in first.proposal["requests"][0]["panel"]]

    # 3. Pin a member who was proposed, then re-solve: the pin stays as a constraint.
    pinned = next(a for a in experts if a.pk == seated[-1])
    page.click(f"[data-testid=pin-{booking.pk}-{pinned.pk}]")
    page.wait_for_selector(f"[data-testid=pinned-{booking.pk}-{pinned.pk}]")
    assert "stays on the panel" in page.inner_text(".messages")
    page.click("[data-testid=compute]")
    page.wait_for_selector("[data-testid=progress]")
    run = AllocationRun.objects.get(status=RunStatus.QUEUED)
    execute_run(run_id=run.pk)
    page.wait_for_selector("[data-testid=proposal]")
    page.wait_for_selector(f"[data-testid=pinned-{booking.pk}-{pinned.pk}]")
    assert page.is_visible(f"[data-testid=member-{booking.pk}-{pinned.pk}]")

    # 4. Apply the proposal, then publish the panels.
    page.click("[data-testid=apply]")
    page.wait_for_selector("text=Proposal applied")
    page.wait_for_selector("[data-testid=applied]")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ALLOCATED
    assert pinned.pk in set(
        PanelMember.objects.filter(booking=booking).values_list("analyst_id", flat=True)
    )
    page.click("[data-testid=publish-allocation]")
    page.click("[data-testid=confirm]")
    page.wait_for_selector("text=invitations are on their way")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    # 5. The requester sees the confirmed session with its meeting link and panel.
    requester_page = open_page(requester, PASSWORD)
    requester_page.goto(f"/open-desk/bookings/{booking.pk}/")
    assert requester_page.inner_text("[data-testid=status]") == "Confirmed"
    assert requester_page.is_visible("[data-testid=meeting-link]")
    assert pinned.full_name in requester_page.content()
