"""Stopping a solve from outside (`solve(..., should_stop=...)`): it returns at once with
the best solution found so far, which breaks no hard constraint."""

import threading
import time

import pytest

from biafed.matching.engine import preset, solve, violations

from .helpers import MORNING, NOON, experts, instance, request

STOPPED = "stopped before the time limit: the best solution found so far"


def test_a_search_stopped_after_its_first_solution_returns_at_once_with_it():
    # Five days of 400 requests each: without a stop, the whole 30 s are used.
    inst = preset("continental-week")
    stop = threading.Event()
    reports = []

    def progress(report):
        reports.append(report)
        stop.set()

    started = time.perf_counter()
    solution = solve(inst, time_limit=30, progress=progress, should_stop=stop.is_set)
    took = time.perf_counter() - started

    assert reports, "the solver reported no solution"
    assert took < 10, f"the stopped solve took {took:.1f} s"
    assert violations(inst, solution) == []
    assert solution.status == "feasible"
    assert solution.message == STOPPED
    # Every day is served, the days not reached by the solver from their warm start.
    days = {s.id: s.day for s in inst.slots}
    served_days = {days[a.slot_id] for a in solution.assignments if a.served}
    assert served_days == set(days.values())
    assert solution.objective is not None and solution.bound >= solution.objective


def broken():
    raise RuntimeError("the database went away")


@pytest.mark.parametrize("should_stop", [lambda: True, broken], ids=["true", "raises"])
def test_a_search_stopped_before_it_begins_returns_the_warm_start(should_stop):
    inst = preset("national-day")

    started = time.perf_counter()
    solution = solve(inst, time_limit=30, should_stop=should_stop)

    assert time.perf_counter() - started < 5
    assert violations(inst, solution) == []
    assert solution.message == STOPPED
    assert sum(a.served for a in solution.assignments) > 0
    reasons = [a.reason for a in solution.assignments if not a.served]
    assert reasons and all(
        r.endswith("(best solution found before the search was stopped)") for r in reasons
    )


def test_a_stop_that_never_comes_changes_nothing():
    inst = instance(
        [request(1, MORNING), request(2, MORNING, NOON)], experts(*range(1, 7)), panel_min=2
    )

    asked = solve(inst, time_limit=5, should_stop=lambda: False)
    plain = solve(inst, time_limit=5)

    assert (asked.status, asked.message) == ("optimal", "")
    assert asked.objective == plain.objective
