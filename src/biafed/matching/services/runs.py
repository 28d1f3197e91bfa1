"""Allocation runs: start one for a day, compute it in the background, apply its proposal.

A run's life: queued (by `start_run`) → running → done or failed (by `execute_run`,
in the background task); `apply_run` writes a done run's proposal to the bookings;
`stop_run` gives up on a queued or running one (failed, "Stopped by …"), and the
worker computing it stops the solver within a poll (`execute_run`).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as wait_for
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biafed.common import activity
from biafed.common.errors import BusinessRuleError
from biafed.common.states import move_rows
from biafed.matching import tasks
from biafed.matching.engine import instance_from_dict, instance_to_dict, violations
from biafed.matching.models import ACTIVE_RUN_STATUSES, AllocationRun, RunStatus
from biafed.matching.services.applying import apply_plan
from biafed.matching.services.building import build_day
from biafed.matching.services.planning import (
    json_places,
    make_plan,
    places_from_json,
    solve_day,
)
from biafed.opendesk.models import OpenDeskDay
from biafed.people.models import User

logger = logging.getLogger(__name__)

PROGRESS_EVERY_S = 0.5
QUEUED_TOO_LONG = timedelta(minutes=30)
RUNNING_GRACE = timedelta(minutes=2)
BIG = 2**63 - 1


def time_limit() -> float:
    return float(getattr(settings, "ALLOCATION_TIME_LIMIT_S", 20))


def solver_workers() -> int:
    return int(getattr(settings, "ALLOCATION_SOLVER_WORKERS", 2))


def _expire_stale(day: OpenDeskDay, *, now: datetime) -> None:
    """Runs whose worker died (or never came) stop blocking the day."""
    for run in AllocationRun.objects.filter(day=day, status__in=ACTIVE_RUN_STATUSES):
        started = run.started_at
        too_old = (run.status == RunStatus.QUEUED and run.created_at < now - QUEUED_TOO_LONG) or (
            run.status == RunStatus.RUNNING
            and started is not None
            and started < now - timedelta(seconds=run.time_limit_s) - RUNNING_GRACE
        )
        if too_old:
            move_rows(
                AllocationRun.objects.filter(pk=run.pk),
                RunStatus.FAILED,
                source=run.status,
                message=_("The background worker did not finish this run in time."),
                finished_at=now,
            )


def start_run(*, coordinator: User, day: OpenDeskDay) -> AllocationRun:
    """Snapshot the day as an engine instance and queue its computation.

    The instance includes the coordinator's pins. Refuses a day with no request
    waiting, and a second run while one is queued or running for the day (the
    database enforces it).
    """
    snapshot = build_day(day)
    now = timezone.now()
    try:
        with transaction.atomic():
            _expire_stale(day, now=now)
            run = AllocationRun.objects.create(
                day=day,
                requested_by=coordinator,
                time_limit_s=time_limit(),
                instance=instance_to_dict(snapshot.instance),
                versions={str(k): v for k, v in snapshot.versions.items()},
                places={
                    "requests": json_places(snapshot.places),
                    "taken": {str(t): sorted(r) for t, r in snapshot.taken.items()},
                    "rooms_per_slot": snapshot.rooms_per_slot,
                },
            )
            activity.record(
                actor=coordinator,
                verb="started allocation run",
                subject=day,
                detail=f"run {run.pk}: {len(snapshot.bookings)} requests",
            )
            transaction.on_commit(lambda: _enqueue(run.pk))
    except IntegrityError:
        raise BusinessRuleError(
            _("A proposal is already being computed for this day; wait for it or stop it.")
        ) from None
    return run


def _enqueue(run_id: int) -> None:
    tasks.compute_allocation.enqueue(run_id)


def stop_run(*, coordinator: User, run: AllocationRun) -> AllocationRun:
    """Give up on a queued or running run. A worker computing it notices at its next
    progress write (every `PROGRESS_EVERY_S`), stops the solver and discards its result."""
    stopped = move_rows(
        AllocationRun.objects.filter(pk=run.pk),
        RunStatus.FAILED,
        source=ACTIVE_RUN_STATUSES,
        message=_("Stopped by %(name)s.") % {"name": coordinator},
        finished_at=timezone.now(),
    )
    if not stopped:
        raise BusinessRuleError(_("This run has already finished."))
    activity.record(actor=coordinator, verb="stopped allocation run", subject=run.day)
    run.refresh_from_db()
    return run


class _Tracker:
    """Collects the solver's progress reports (from the solver's thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.solutions = 0
        self.latest: dict | None = None

    def report(self, progress: dict) -> None:
        with self.lock:
            self.solutions += 1
            self.latest = dict(progress)

    def snapshot(self) -> tuple[int, dict | None]:
        with self.lock:
            return self.solutions, self.latest


def _fits(value: float | None) -> float | None:
    return value if value is None or abs(value) <= BIG else None


def _gap(objective: float | None, bound: float | None) -> float | None:
    if objective is None or bound is None:
        return None
    return round(100.0 * max(0, bound - objective) / max(1, abs(objective)), 4)


def execute_run(*, run_id: int) -> AllocationRun | None:
    """Compute a queued run (the background task calls this). Writes the progress as the
    solver finds solutions; ends done with the proposal, or failed with a message. Never
    touches the bookings.

    When the run is no longer running at a progress write (`stop_run`), the solver is
    told to stop (its `should_stop`) and this returns as soon as it has, leaving the run
    as stopped. Any error while polling stops the solver too, and the run ends failed."""
    started = timezone.now()
    claimed = move_rows(
        AllocationRun.objects.filter(pk=run_id),
        RunStatus.RUNNING,
        source=RunStatus.QUEUED,
        started_at=started,
    )
    if not claimed:
        return AllocationRun.objects.filter(pk=run_id).first()
    run = AllocationRun.objects.get(pk=run_id)
    mine = AllocationRun.objects.filter(pk=run_id, status=RunStatus.RUNNING)
    try:
        instance = instance_from_dict(run.instance)
        places = places_from_json(run.places["requests"])
        tracker = _Tracker()
        written: tuple[int, dict | None] = (0, None)
        stop = threading.Event()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="allocation") as pool:
            future = pool.submit(
                solve_day,
                instance,
                places,
                time_limit=run.time_limit_s,
                num_workers=solver_workers(),
                progress=tracker.report,
                should_stop=stop.is_set,
            )
            try:
                while True:
                    done, _pending = wait_for([future], timeout=PROGRESS_EVERY_S)
                    count, latest = tracker.snapshot()
                    fields: dict[str, Any] = {
                        "elapsed_s": round((timezone.now() - started).total_seconds(), 1)
                    }
                    if (count, latest) != written and latest is not None:
                        fields.update(
                            solutions_found=count,
                            best_objective=_fits(latest.get("objective")),
                            best_bound=_fits(latest.get("bound")),
                            gap_pct=_gap(latest.get("objective"), latest.get("bound")),
                        )
                        written = (count, latest)
                    if done:
                        break
                    if not mine.update(**fields):
                        stop.set()  # stopped meanwhile
                        break
            finally:
                # Leaving the pool waits for the solver: never for its whole time limit.
                if not future.done():
                    stop.set()
            if stop.is_set():
                error = future.exception()  # the solver's best so far is discarded
                if error is not None:
                    logger.warning(
                        "allocation run %s: the stopped solver failed: %r", run_id, error
                    )
                return AllocationRun.objects.get(pk=run_id)
            final, solution, reserved = future.result()
        problems = violations(final, solution)
        if problems:
            raise RuntimeError("the solution breaks hard constraints: " + "; ".join(problems[:5]))
        taken = {int(t): set(r) for t, r in run.places["taken"].items()}
        plan = make_plan(
            final, solution, reserved, places, taken, int(run.places["rooms_per_slot"])
        )
        move_rows(
            mine,
            RunStatus.DONE,
            source=RunStatus.RUNNING,
            solver_status=solution.status,
            proposal=plan,
            solutions_found=max(tracker.snapshot()[0], 1 if solution.objective is not None else 0),
            best_objective=_fits(solution.objective),
            best_bound=_fits(solution.bound),
            gap_pct=solution.gap_pct,
            elapsed_s=round((timezone.now() - started).total_seconds(), 1),
            message=solution.message,
            finished_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("allocation run %s failed", run_id)
        move_rows(
            mine,
            RunStatus.FAILED,
            source=RunStatus.RUNNING,
            message=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return AllocationRun.objects.get(pk=run_id)


def latest_run(day: OpenDeskDay) -> AllocationRun | None:
    return AllocationRun.objects.filter(day=day).order_by("-created_at", "-id").first()


def apply_run(*, coordinator: User, run: AllocationRun) -> dict:
    """Write a done run's proposal to the bookings (see `applying.apply_plan`).

    Refuses a run that is not done, already applied or superseded by a newer run, and
    a proposal for bookings changed since it was computed.
    """
    if run.status != RunStatus.DONE:
        raise BusinessRuleError(_("Only a finished proposal can be applied."))
    if run.applied_at is not None:
        raise BusinessRuleError(_("This proposal has already been applied."))
    latest = latest_run(run.day)
    if latest is not None and latest.pk != run.pk:
        raise BusinessRuleError(_("A newer proposal exists for this day; apply that one."))
    with transaction.atomic():
        result = apply_plan(
            coordinator=coordinator,
            day=run.day,
            plan=run.proposal,
            expected_versions=run.versions,
            source=f"allocation run {run.pk}",
        )
        updated = AllocationRun.objects.filter(pk=run.pk, applied_at__isnull=True).update(
            applied_at=timezone.now(), applied_by=coordinator
        )
        if not updated:
            raise BusinessRuleError(_("This proposal has already been applied."))
    run.refresh_from_db()
    return result
