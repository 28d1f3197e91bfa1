"""The affinity tier of a part as a mixed-integer program for HiGHS (`scipy.optimize.milp`).

Once the requests served are fixed, the linear relaxation of the model is
nearly exact on affinity, and HiGHS's branch and bound proves this tier far
faster than CP-SAT. The rows are the hard constraints of `model.Model`, written
again as a sparse matrix over the same variables, plus "the tiers above keep
their values". The solution is checked against every row before it is used.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from biafed.matching.engine.affinity import points
from biafed.matching.engine.candidates import Candidates, cap_left, knows
from biafed.matching.engine.instance import Instance
from biafed.matching.engine.model import Chosen, Space

TOLERANCE = 1e-6


@dataclass
class Outcome:
    chosen: Chosen | None  # None when HiGHS found no solution (or one that fails a row)
    bound: int | None  # an upper bound of the affinity points, when HiGHS gives one
    proven: bool


class _Rows:
    def __init__(self):
        self.rows, self.cols, self.vals, self.lo, self.hi = [], [], [], [], []

    def add(self, terms, lo: float, hi: float) -> None:
        i = len(self.lo)
        for j, v in terms:
            self.rows.append(i)
            self.cols.append(j)
            self.vals.append(v)
        self.lo.append(lo)
        self.hi.append(hi)

    def matrix(self, n: int) -> sparse.csr_matrix:
        return sparse.csr_matrix((self.vals, (self.rows, self.cols)), shape=(len(self.lo), n))


def best_affinity(
    instance: Instance,
    space: Space,
    cands: Candidates,
    ids: list[int],
    *,
    served: int,
    pinned: int,
    time_limit: float,
) -> Outcome:
    """The most affinity points over `ids` serving at least `served` (`pinned` of the pinned)."""
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
    if n == 0:
        return Outcome({}, 0, True)
    rows = _Rows()
    inf = np.inf
    seats_of: dict[tuple[int, int], list] = defaultdict(list)
    seats_by_day: dict[tuple[int, str], list] = defaultdict(list)
    held_by_slot: dict[int, list] = defaultdict(list)
    gain = np.zeros(n)
    served_row, pinned_row = [], []
    for r in ids:
        request = requests[r]
        is_pinned = request.pinned_slot is not None or bool(request.pinned_analysts)
        held_here = []
        for t in space.possible[r]:
            xj = x[r, t]
            held_here.append((xj, 1))
            held_by_slot[t].append((xj, 1))
            served_row.append((xj, 1))
            if is_pinned:
                pinned_row.append((xj, 1))
            gain[xj] = points(request.preferred_slots.get(t, 0.0))
            members = space.panel[r, t]
            by_site: dict[int, list] = defaultdict(list)
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
        options={"time_limit": max(0.05, time_limit), "mip_rel_gap": 0.5 / max(1.0, most)},
    )
    dual = getattr(result, "mip_dual_bound", None)
    bound = None
    if dual is not None and np.isfinite(dual):
        bound = int(np.floor(-dual + TOLERANCE))
    if result.x is None:
        return Outcome(None, bound, False)
    values = np.rint(result.x)
    lhs = a_matrix @ values
    if np.any(lhs < lo - TOLERANCE) or np.any(lhs > hi + TOLERANCE):
        return Outcome(None, bound, False)
    chosen: Chosen = {}
    for (r, t), j in x.items():
        if values[j]:
            chosen[r] = (t, tuple(a for a in space.panel[r, t] if values[y[r, a, t]]))
    value = int(round(float(gain @ values)))
    if result.status == 0:  # optimal within the gap asked for, less than one point
        bound = value
    elif bound is not None:
        bound = max(bound, value)
    return Outcome(chosen, bound, bound == value)
