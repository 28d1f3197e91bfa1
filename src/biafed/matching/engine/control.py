"""How a running `solve` is stopped and reports its progress, apart from what it solves.

- `Stop`: the cooperative stop asked for with `solve(..., should_stop=callable)`;
- `Throttle`: progress reports spaced out so that they stay a small share of the time;
- `SolutionCallback`: what CP-SAT calls at each improving solution.
"""

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from ortools.sat.python import cp_model

Progress = Callable[[dict[str, Any]], None]  # receives objective, bound, wall_s, gap_pct, stage
ShouldStop = Callable[[], bool]


class Stop:
    """Cooperative stop of one `solve`: `should_stop` is asked once at the start, then a
    thread asks it every `POLL_S`; once it is true (or raises), `stopped` is set and every
    CP-SAT search registered with `searching` is told to stop, again at each poll until the
    solve ends (`stop_search` before the search has begun does nothing). Without
    `should_stop`, nothing runs and nothing stops."""

    POLL_S = 0.05

    def __init__(self, should_stop: ShouldStop | None):
        self.should_stop = should_stop
        self.stopped = threading.Event()
        self.finished = threading.Event()
        self.lock = threading.Lock()
        self.solvers: list[cp_model.CpSolver] = []
        self.thread: threading.Thread | None = None
        if should_stop is not None:
            self._ask()
            self.thread = threading.Thread(target=self._watch, name="allocation-stop", daemon=True)
            self.thread.start()

    def __bool__(self) -> bool:
        return self.stopped.is_set()

    def _ask(self) -> None:
        if self.stopped.is_set() or self.should_stop is None:
            return
        try:
            stop = bool(self.should_stop())
        except Exception:  # a caller that cannot tell must not keep the solver busy
            stop = True
        if stop:
            self.stopped.set()

    def _watch(self) -> None:
        while not self.finished.wait(self.POLL_S):
            self._ask()
            if self.stopped.is_set():
                with self.lock:
                    for solver in self.solvers:
                        solver.stop_search()

    @contextmanager
    def searching(self, solver: cp_model.CpSolver) -> Iterator[None]:
        """Register `solver` for the time of its search, so that a stop reaches it."""
        with self.lock:
            self.solvers.append(solver)
        try:
            yield
        finally:
            with self.lock:
                self.solvers.remove(solver)

    def close(self) -> None:
        self.finished.set()
        if self.thread is not None:
            self.thread.join()


class Throttle:
    """When the next progress report is due: every `REPORT_EVERY_S` seconds at most, and
    never more often than ten times the time the last report took."""

    REPORT_EVERY_S = 0.2

    def __init__(self) -> None:
        self.last = -math.inf
        self.every = self.REPORT_EVERY_S

    def due(self, now: float) -> bool:
        return now - self.last >= self.every

    def reported(self, *, since: float) -> None:
        """A report that began at `since` has just been made."""
        self.last = time.perf_counter()
        self.every = max(self.REPORT_EVERY_S, 10 * (self.last - since))


class SolutionCallback(cp_model.CpSolverSolutionCallback):
    """Calls `on_solution(self)` at each solution CP-SAT finds (values read from `self`)."""

    def __init__(self, on_solution: Callable[["SolutionCallback"], None]):
        super().__init__()
        self.on_solution = on_solution

    def on_solution_callback(self) -> None:
        self.on_solution(self)
