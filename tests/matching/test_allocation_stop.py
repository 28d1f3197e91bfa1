"""*Stop* on a run being computed halts its solver: the worker is free again within a
poll or two, not at the end of the run's time limit (PostgreSQL only, like
test_allocation_concurrency.py: the worker runs in a thread of its own, with its own
connection)."""

import threading
import time

import pytest
from django.db import connection

from biafed.matching.engine import instance_to_dict, preset
from biafed.matching.models import AllocationRun, RunStatus
from biafed.matching.services import runs as run_services
from tests.factories import CoordinatorFactory, OpenDeskDayFactory, submitted_booking

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a second connection"),
    pytest.mark.django_db(transaction=True),
]

# Long enough that the run, left alone, would go on well past the 8 s allowed below;
# short enough that a HiGHS call under way when Stop comes (it cannot be interrupted and
# gets a share of its part's time, docs/allocation.md) ends within those 8 s on a busy
# CI machine. With 60 s, one such call took 12 s on CI.
TIME_LIMIT_S = 25


def test_stopping_a_running_run_halts_its_solver_and_frees_the_day(settings):
    settings.TASKS = {  # the run stays queued until the thread below computes it
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    day = OpenDeskDayFactory()
    submitted_booking(day=day)
    coordinator = CoordinatorFactory()
    run = run_services.start_run(coordinator=coordinator, day=day)
    # A run the solver cannot finish early: 2,000 requests over five days (it uses the
    # whole time limit when left alone).
    AllocationRun.objects.filter(pk=run.pk).update(
        instance=instance_to_dict(preset("continental-week")), time_limit_s=TIME_LIMIT_S
    )
    returned: dict = {}

    def worker():
        try:
            returned["run"] = run_services.execute_run(run_id=run.pk)
            returned["at"] = time.monotonic()
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        waiting_until = time.monotonic() + 30
        while not AllocationRun.objects.filter(pk=run.pk, solutions_found__gt=0).exists():
            assert thread.is_alive() and time.monotonic() < waiting_until, "no progress written"
            time.sleep(0.1)
        run_services.stop_run(coordinator=coordinator, run=run)
        stopped_at = time.monotonic()
    finally:
        thread.join(timeout=TIME_LIMIT_S + 30)

    assert not thread.is_alive()
    took = returned["at"] - stopped_at
    assert took < 8, f"the worker went on for {took:.1f} s after the stop"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.message == f"Stopped by {coordinator}."
    assert run.proposal == {}
    assert returned["run"].status == RunStatus.FAILED
    # The day takes a new run at once.
    assert run_services.start_run(coordinator=coordinator, day=day).status == RunStatus.QUEUED
