"""Races on the allocation page the database must decide (PostgreSQL only, like
tests/opendesk/test_concurrency.py): two computations of one day, applying a proposal
while a coordinator edits a panel by hand, applying the same proposal twice."""

from biafed.matching.models import AllocationRun, RunStatus
from biafed.matching.services import runs as run_services
from biafed.opendesk.models import Booking, PanelMember
from biafed.opendesk.services.panels import set_panel
from biafed.people.models import User
from tests.concurrency import POSTGRES_RACES, outcomes, race
from tests.factories import (
    AnalystFactory,
    CoordinatorFactory,
    OpenDeskDayFactory,
    declare_available,
    submitted_booking,
)

pytestmark = POSTGRES_RACES

ROUNDS = 3


def a_day_with_a_request():
    day = OpenDeskDayFactory()
    analysts = [AnalystFactory() for _ in range(5)]
    for analyst in analysts:
        declare_available(analyst, *day.slots.all())
    booking = submitted_booking(day=day)
    return day, booking, analysts


def one_run_round():
    day, _booking, _analysts = a_day_with_a_request()
    people = [CoordinatorFactory().pk for _ in range(2)]

    def start(coordinator_id):
        return lambda: (
            run_services.start_run(coordinator=User.objects.get(pk=coordinator_id), day=day).pk
        )

    results = race(*(start(pk) for pk in people), timeout=120)

    assert outcomes(results) == ["ok", "refused"], results
    assert AllocationRun.objects.filter(day=day, status=RunStatus.QUEUED).count() == 1


def test_two_coordinators_computing_the_same_day_start_one_run(settings):
    settings.TASKS = {  # the runs stay queued: no worker takes them
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    for _ in range(ROUNDS):
        one_run_round()


def computed_run(day) -> AllocationRun:
    run = run_services.start_run(coordinator=CoordinatorFactory(), day=day)
    return run_services.execute_run(run_id=run.pk)


def apply_or_edit_round():
    day, booking, analysts = a_day_with_a_request()
    run = computed_run(day)
    proposed = {s["analyst"] for s in run.proposal["requests"][0]["panel"]}
    by_hand = [a.pk for a in analysts if a.pk not in proposed][:2]
    version = booking.panel_version
    coordinator = CoordinatorFactory()

    def apply():
        return run_services.apply_run(coordinator=coordinator, run=run)

    def edit():
        return set_panel(
            coordinator=coordinator,
            booking=Booking.objects.get(pk=booking.pk),
            analysts=list(User.objects.filter(pk__in=by_hand)),
            expected_version=version,
        ).pk

    results = race(apply, edit, timeout=120)

    assert outcomes(results) == ["ok", "refused"], results
    panel = set(PanelMember.objects.filter(booking=booking).values_list("analyst_id", flat=True))
    assert panel in (proposed, set(by_hand))
    booking.refresh_from_db()
    assert booking.panel_version == version + 1


def test_applying_a_proposal_while_a_panel_is_edited_by_hand_keeps_one_of_them_whole():
    for _ in range(ROUNDS):
        apply_or_edit_round()


def apply_twice_round():
    day, booking, _analysts = a_day_with_a_request()
    run = computed_run(day)
    version = booking.panel_version

    def apply(coordinator):
        return lambda: run_services.apply_run(
            coordinator=coordinator, run=AllocationRun.objects.get(pk=run.pk)
        )

    results = race(*(apply(CoordinatorFactory()) for _ in range(2)), timeout=120)

    assert outcomes(results) == ["ok", "refused"], results
    booking.refresh_from_db()
    assert booking.panel_version == version + 1


def test_the_same_proposal_applied_twice_at_once_is_applied_once():
    for _ in range(ROUNDS):
        apply_twice_round()
