"""The model of a part as a mixed-integer program for HiGHS (`scipy.optimize.milp`).

Once the requests served are fixed, the linear relaxation of the model is
nearly exact on affinity, and HiGHS's branch and bound proves this tier far
faster than CP-SAT (`best_affinity`). The rows are the hard constraints of
`model.Model`, written again as a sparse matrix over the same variables, plus
"the tiers above keep their values"; a solution is checked against every row
before it is used. The linear relaxation alone gives valid bounds where CP-SAT
has none in time (`served_bound`, `fairness_bounds`) and, by its reduced costs,
which variables can still be 1 once a tier is held (`Outcome.reachable`).
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from biafed.matching.engine.affinity import points
from biafed.matching.engine.candidates import Candidates, cap_left, knows
from biafed.matching.engine.instance import Instance
from biafed.matching.engine.model import Chosen, Space
from biafed.matching.engine.solution import seats_bound

TOLERANCE = 1e-6


@dataclass
class Outcome:
    chosen: Chosen | None  # None when HiGHS found no solution (or one that fails a row)
    bound: int | None  # an upper bound of the affinity points, when HiGHS gives one
    proven: bool
    # Variables that can still be 1 once the tier keeps its value: (r, t) and (r, a, t).
    reachable: set[tuple[int, ...]] | None = None  # None: all of them


class _Rows:
    def __init__(self) -> None:
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.vals: list[float] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add(self, terms: Iterable[tuple[int, float]], lo: float, hi: float) -> None:
        i = len(self.lo)
        for j, v in terms:
            self.rows.append(i)
            self.cols.append(j)
            self.vals.append(v)
        self.lo.append(lo)
        self.hi.append(hi)

    def matrix(self, n: int) -> sparse.csr_matrix:
        return sparse.csr_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.lo), n))


@dataclass
class _Program:
    x: dict[tuple[int, int], int]  # (r, t) -> column
    y: dict[tuple[int, int, int], int]  # (r, a, t) -> column
    rows: _Rows  # the hard constraints
    gain: np.ndarray  # affinity points of each column
    served: list[tuple[int, float]]  # the row "requests served" as (column, 1) terms
    pinned: list[tuple[int, float]]  # the same for the pinned requests


def _program(instance: Instance, space: Space, cands: Candidates, ids: list[int]) -> _Program:
    """The hard constraints over `ids`, as rows of a sparse matrix."""
    p = instance.parameters
    slots = instance.slot_by_id
    analysts = instance.analyst_by_id
    requests = instance.request_by_id
    x: dict[tuple[int, int], int] = {}
    y: dict[tuple[int, int, int], int] = {}
    for r in ids:
        for t in space.possible[r]:
            x[r, t] = len(x) + len(y)
            for a in space.panel[r, t]:
                y[r, a, t] = len(x) + len(y)
    n = len(x) + len(y)
    rows = _Rows()
    inf = np.inf
    seats_of: dict[tuple[int, int], list[Any]] = defaultdict(list)
    seats_by_day: dict[tuple[int, str], list[Any]] = defaultdict(list)
    held_by_slot: dict[int, list[Any]] = defaultdict(list)
    gain = np.zeros(n)
    served_row: list[tuple[int, float]] = []
    pinned_row: list[tuple[int, float]] = []
    for r in ids:
        request = requests[r]
        is_pinned = request.pinned_slot is not None or bool(request.pinned_analysts)
        held_here: list[tuple[int, float]] = []
        for t in space.possible[r]:
            xj = x[r, t]
            held_here.append((xj, 1))
            held_by_slot[t].append((xj, 1))
            served_row.append((xj, 1))
            if is_pinned:
                pinned_row.append((xj, 1))
            gain[xj] = points(request.preferred_slots.get(t, 0.0))
            members = space.panel[r, t]
            by_site: dict[int, list[Any]] = defaultdict(list)
            for a in members:
                yj = y[r, a, t]
                gain[yj] = points(cands.scores[r, a])
                rows.add([(yj, 1), (xj, -1)], -inf, 0)
                seats_of[a, t].append((yj, 1))
                seats_by_day[a, slots[t].day].append((yj, 1))
                by_site[analysts[a].site].append((yj, 1))
            ys = [(y[r, a, t], 1) for a in members]
            rows.add([*ys, (xj, -p.panel_min)], 0, inf)
            rows.add([*ys, (xj, -p.panel_max)], -inf, 0)
            for same_site in by_site.values():
                if len(same_site) > 1:
                    rows.add(same_site, -inf, 1)
            if cands.tool_required.get((r, t)):
                holders = [
                    (y[r, a, t], 1) for a in members if knows(analysts[a], request.primary_tool)
                ]
                rows.add([*holders, (xj, -1)], 0, inf)
            for a in request.pinned_analysts:
                rows.add([(y[r, a, t], 1), (xj, -1)], 0, 0)
        if len(held_here) > 1:
            rows.add(held_here, -inf, 1)
    for t, held in held_by_slot.items():
        rows.add(held, -inf, slots[t].rooms)
    for ys in seats_of.values():
        if len(ys) > 1:
            rows.add(ys, -inf, 1)
    for (a, day), ys in seats_by_day.items():
        rows.add(ys, -inf, cap_left(analysts[a], day))
    return _Program(x, y, rows, gain, served_row, pinned_row)


def served_bound(
    instance: Instance,
    space: Space,
    cands: Candidates,
    ids: list[int],
    *,
    pinned: int,
    time_limit: float,
) -> int | None:
    """An upper bound of the requests served among `ids` (`pinned` of the pinned held), from
    the linear relaxation; None when HiGHS gives none."""
    program = _program(instance, space, cands, ids)
    n = len(program.x) + len(program.y)
    if not program.served:
        return 0
    if program.pinned:
        program.rows.add(program.pinned, pinned, np.inf)
    goal = np.zeros(n)
    for j, _one in program.served:
        goal[j] = 1.0
    most = _relaxation(
        program.rows.matrix(n),
        np.array(program.rows.lo),
        np.array(program.rows.hi),
        goal,
        time_limit,
    )
    return None if most is None else int(np.floor(most[0] + TOLERANCE))


def best_affinity(
    instance: Instance,
    space: Space,
    cands: Candidates,
    ids: list[int],
    *,
    served: int,
    pinned: int,
    incumbent: int,
    time_limit: float,
    should_stop: Callable[[], bool] | None = None,
) -> Outcome:
    """The most affinity points over `ids` serving at least `served` (`pinned` of the pinned).

    `incumbent` is the affinity of the best solution known so far (its variables stay
    reachable whatever HiGHS finds). The branch and bound takes 80 % of `time_limit`, the
    relaxation that tells which variables stay reachable what is left; it is not started
    once `should_stop()` is true (every variable then counts as reachable)."""
    end = time.perf_counter() + time_limit
    program = _program(instance, space, cands, ids)
    x, y, rows, gain = program.x, program.y, program.rows, program.gain
    served_row, pinned_row = program.served, program.pinned
    n = len(x) + len(y)
    if n == 0:
        return Outcome({}, 0, True)
    inf = np.inf
    rows.add(served_row, served, inf)
    if pinned_row:
        rows.add(pinned_row, pinned, inf)
    a_matrix = rows.matrix(n)
    lo, hi = np.array(rows.lo), np.array(rows.hi)
    most = float(gain.sum())
    result = milp(
        -gain,
        constraints=[LinearConstraint(a_matrix, lo, hi)],
        integrality=np.ones(n),
        bounds=Bounds(0, 1),
        # Integer points: a relative gap below 1 / most means the bound's floor is the value.
        options={
            "time_limit": max(0.05, 0.8 * (end - time.perf_counter())),
            "mip_rel_gap": 0.5 / max(1.0, most),
        },
    )
    dual = getattr(result, "mip_dual_bound", None)
    bound = None
    if dual is not None and np.isfinite(dual):
        bound = int(np.floor(-dual + TOLERANCE))
    chosen: Chosen | None = None
    value = incumbent
    if result.x is not None:
        values = np.rint(result.x)
        lhs = a_matrix @ values
        if np.all(lhs >= lo - TOLERANCE) and np.all(lhs <= hi + TOLERANCE):
            chosen = {}
            for (r, t), j in x.items():
                if values[j]:
                    chosen[r] = (t, tuple(a for a in space.panel[r, t] if values[y[r, a, t]]))
            found = int(round(float(gain @ values)))
            value = max(value, found)
            if result.status == 0 and found >= incumbent:  # optimal within less than a point
                bound = found
    if bound is not None:
        bound = max(bound, value)
    keep = None
    if should_stop is None or not should_stop():
        keep = _reachable(
            a_matrix, lo, hi, gain, value, max(0.1 * time_limit, end - time.perf_counter())
        )
    reachable = None
    if keep is not None:
        reachable = {key for key, j in (*x.items(), *y.items()) if keep[j]}
    return Outcome(chosen, bound, bound == value, reachable)


def _relaxation(
    a_matrix: Any, lo: np.ndarray, hi: np.ndarray, goal: np.ndarray, time_limit: float
) -> tuple[float, np.ndarray] | None:
    """Max of `goal` over the linear relaxation, and the reduced costs; None if not solved
    within `time_limit` seconds."""
    if time_limit <= 0:
        return None
    equal = lo == hi
    upper = np.isfinite(hi) & ~equal
    lower = np.isfinite(lo) & ~equal
    result = linprog(
        -goal,
        A_ub=sparse.vstack([a_matrix[upper], -a_matrix[lower]]).tocsr(),
        b_ub=np.concatenate([hi[upper], -lo[lower]]),
        A_eq=a_matrix[equal] if equal.any() else None,
        b_eq=lo[equal] if equal.any() else None,
        bounds=(0, 1),
        method="highs",
        options={"time_limit": time_limit},
    )
    if result.status != 0 or result.lower is None:
        return None
    return -result.fun, np.asarray(result.lower.marginals)


def _reachable(
    a_matrix: Any,
    lo: np.ndarray,
    hi: np.ndarray,
    gain: np.ndarray,
    required: int,
    time_limit: float,
) -> np.ndarray | None:
    """Which variables can be 1 in a solution of at least `required` points, or None (unknown).

    From the linear relaxation's reduced costs d (at the optimum z of the relaxation):
    every solution with variable j at 1 has at most z - d_j points.
    """
    relaxed = _relaxation(a_matrix, lo, hi, gain, time_limit)
    if relaxed is None:
        return None
    most, reduced = relaxed
    # Half a point of margin: the points are integers, the relaxation is solved in floats.
    return most - reduced >= required - 0.5


def fairness_bounds(
    instance: Instance,
    space: Space,
    cands: Candidates,
    parts: list[list[int]],
    held: list[dict[str, int]],
    max_load: int | None,
    time_limit: float,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[int | None, int | None]:
    """Lower bounds of the largest load, and (unless `max_load` is None) of the squared
    loads' sum less its constant part with the largest load at most `max_load`, over the solutions that keep each part at
    the tiers in `held` (pinned, served, affinity); None where HiGHS gives none.

    They come from the linear relaxation, where the squares are counted seat by seat (the
    k-th new seat of an analyst with base load b costs 2(b + k) + 1, rising with k). The
    second relaxation is not started once `should_stop()` is true.
    """
    everyone = [r for ids in parts for r in ids]
    program = _program(instance, space, cands, everyone)
    rows, n = program.rows, len(program.x) + len(program.y)
    part_of = {r: i for i, ids in enumerate(parts) for r in ids}
    pinned = {j for j, _one in program.pinned}
    terms: list[dict[str, list[tuple[int, float]]]] = [
        {"pinned": [], "served": [], "affinity": []} for _ in parts
    ]
    for (r, _t), j in program.x.items():
        mine = terms[part_of[r]]
        mine["served"].append((j, 1))
        if j in pinned:
            mine["pinned"].append((j, 1))
        if program.gain[j]:
            mine["affinity"].append((j, program.gain[j]))
    for (r, _a, _t), j in program.y.items():
        if program.gain[j]:
            terms[part_of[r]]["affinity"].append((j, program.gain[j]))
    for mine, values in zip(terms, held, strict=True):
        for k, row in mine.items():
            if row and values.get(k):
                rows.add(row, values[k], np.inf)
    seats: dict[int, list[Any]] = defaultdict(list)
    for (_r, a, _t), j in program.y.items():
        seats[a].append(j)
    base = {a.id: a.past_load + sum(a.held_sessions.values()) for a in instance.analysts}
    load = n  # the column of the largest load
    for a, columns in seats.items():
        rows.add([*((j, 1) for j in columns), (load, -1)], -np.inf, -base[a])
    goal = np.zeros(n + 1)
    goal[load] = -1.0
    end = time.perf_counter() + time_limit
    relaxed = _relaxation(
        rows.matrix(n + 1), np.array(rows.lo), np.array(rows.hi), goal, end - time.perf_counter()
    )
    floor_load = max(base.values(), default=0)
    load_bound = None
    if relaxed is not None:
        load_bound = max(floor_load, int(np.ceil(-relaxed[0] - TOLERANCE)))

    if max_load is None or (should_stop is not None and should_stop()):
        return load_bound, None
    # The squares: one column per possible new seat, in order of cost.
    rows.add([(load, 1)], -np.inf, max_load)
    cost = []
    by_id = instance.analyst_by_id
    column = n + 1
    for a, columns in seats.items():
        most = min(len(columns), seats_bound(by_id[a], instance))
        steps = list(range(column, column + most))
        rows.add([*((j, 1) for j in steps), *((j, -1) for j in columns)], 0, 0)
        cost += [2 * (base[a] + k) + 1 for k in range(most)]
        column += most
    goal = np.concatenate([np.zeros(n + 1), -np.array(cost, dtype=float)])
    relaxed = _relaxation(
        rows.matrix(column), np.array(rows.lo), np.array(rows.hi), goal, end - time.perf_counter()
    )
    spread_bound = None if relaxed is None else int(np.ceil(-relaxed[0] - TOLERANCE))
    return load_bound, spread_bound
