"""The exact allocation model, solved with OR-Tools CP-SAT.

Variables, created only where they can be 1:

- ``x[r, t]``: request r is held in slot t (t one of r's slots: its pin or its
  allowed slots, with a room, and enough candidates available there);
- ``y[r, a, t]``: analyst a sits on r's panel in slot t (a a candidate of r,
  available in t).

Hard constraints: each request held at most once; at most `rooms` requests per
slot; a held request's panel has panel_min..panel_max members; an analyst sits
on one panel per slot and within their daily cap; at most one panelist per site
on a panel; a panelist who knows the primary tool whenever an eligible analyst
available in that slot knows it; pinned slot and pinned analysts respected.
The objective is described in `biafed.matching.engine.solution`.
"""

import math
import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from biafed.matching.engine.affinity import points
from biafed.matching.engine.candidates import (
    Candidates,
    available,
    candidates,
    cap_left,
    ineligibility,
    knows,
)
from biafed.matching.engine.instance import Instance, Request, check
from biafed.matching.engine.solution import (
    Assignment,
    Seat,
    Solution,
    base_load,
    objective_of,
    seats_bound,
    weights,
)

Sum = cp_model.LinearExpr.sum

STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.MODEL_INVALID: "infeasible",
    cp_model.UNKNOWN: "unknown",
}


def _distinct_sites(instance: Instance, analyst_ids) -> int:
    by_id = instance.analyst_by_id
    return len({by_id[a].site for a in analyst_ids})


def _slot_problem(
    instance: Instance, request: Request, t: int, cands: Candidates
) -> tuple[str | None, list[int]]:
    """Why `request` cannot be held in slot `t` whatever the others do, and who could sit."""
    slot = instance.slot(t)
    by_id = instance.analyst_by_id
    here = [a for a in cands.by_request[request.id] if available(by_id[a], t, slot.day)]
    p = instance.parameters
    if slot.rooms < 1:
        return "no room", here
    for a in sorted(request.pinned_analysts):
        if a not in here:
            return f"pinned analyst {_name(instance, a)} is not available", here
    if _distinct_sites(instance, request.pinned_analysts) < len(request.pinned_analysts):
        return "two pinned analysts come from the same site", here
    if not here:
        return "no eligible analyst available", here
    if _distinct_sites(instance, here) < p.panel_min:
        return f"fewer than {p.panel_min} eligible analysts from different sites available", here
    return None, here


def _name(instance: Instance, analyst_id: int) -> str:
    a = instance.analyst_by_id.get(analyst_id)
    return f"{a.name} ({analyst_id})" if a is not None and a.name else str(analyst_id)


def _static_reason(instance: Instance, request: Request, problems: dict[int, str]) -> str:
    """The reason a request cannot be held in any of its slots, in one sentence."""
    by_id = instance.analyst_by_id
    if request.pinned_slot is None and not request.allowed_slots:
        return "the requester allowed no slot"
    for a in sorted(request.pinned_analysts):
        why = ineligibility(request, by_id[a])
        if why:
            return f"pinned analyst {_name(instance, a)} {why}"
    if not any(ineligibility(request, a) is None for a in instance.analysts):
        return "no eligible analyst (same institution, declared conflicts or rules not accepted)"
    reasons = set(problems.values())
    where = "its pinned slot" if request.pinned_slot is not None else "any allowed slot"
    if not reasons:
        return "no slot where it could be held"
    if len(reasons) == 1:
        return f"{reasons.pop()} in {where}"
    return "; ".join(f"slot {t}: {why}" for t, why in problems.items())


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[dict], None]):
        super().__init__()
        self.report, self.start = report, time.perf_counter()

    def on_solution_callback(self) -> None:
        self.report(
            {
                "objective": int(round(self.objective_value)),
                "bound": int(math.floor(self.best_objective_bound + 1e-6)),
                "wall_s": round(time.perf_counter() - self.start, 3),
            }
        )


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
    progress: Callable[[dict], None] | None = None,
    log: bool = False,
) -> Solution:
    """The best allocation of `instance` found within `time_limit` seconds."""
    start = time.perf_counter()
    check(instance)
    p = instance.parameters
    slots = instance.slot_by_id
    by_id = instance.analyst_by_id
    cands = candidates(instance)
    model = cp_model.CpModel()

    x: dict[tuple[int, int], cp_model.IntVar] = {}
    y: dict[tuple[int, int, int], cp_model.IntVar] = {}
    problems: dict[int, dict[int, str]] = {}  # request -> slot -> why it can never be held there
    statically_possible: dict[int, list[int]] = {}
    for r in instance.requests:
        problems[r.id] = {}
        statically_possible[r.id] = []
        if any(ineligibility(r, by_id[a]) for a in r.pinned_analysts):
            continue
        for t in instance.slots_of(r):
            why, here = _slot_problem(instance, r, t, cands)
            if why:
                problems[r.id][t] = why
                continue
            statically_possible[r.id].append(t)
            x[r.id, t] = model.new_bool_var(f"x_{r.id}_{t}")
            for a in here:
                y[r.id, a, t] = model.new_bool_var(f"y_{r.id}_{a}_{t}")

    # Group the panel variables once.
    panel: dict[tuple[int, int], list[int]] = defaultdict(list)  # (r, t) -> analysts
    seats_of: dict[tuple[int, int], list] = defaultdict(list)  # (a, t) -> y vars
    seats_by_day: dict[tuple[int, str], list] = defaultdict(list)  # (a, day) -> y vars
    seats_total: dict[int, list] = defaultdict(list)  # a -> y vars
    for (r, a, t), var in y.items():
        panel[r, t].append(a)
        seats_of[a, t].append(var)
        seats_by_day[a, slots[t].day].append(var)
        seats_total[a].append(var)

    requests = instance.request_by_id
    held_by_slot: dict[int, list] = defaultdict(list)
    held_by_request: dict[int, list] = defaultdict(list)
    for (r, t), held in x.items():
        held_by_slot[t].append(held)
        held_by_request[r].append(held)
        members = panel[r, t]
        ys = [y[r, a, t] for a in members]
        for var in ys:
            model.add_implication(var, held)
        size = Sum(ys)
        model.add(size >= p.panel_min * held)
        model.add(size <= p.panel_max * held)
        by_site: dict[int, list] = defaultdict(list)
        for a in members:
            by_site[by_id[a].site].append(y[r, a, t])
        for same_site in by_site.values():
            if len(same_site) > 1:
                model.add_at_most_one(same_site)
        request = requests[r]
        if cands.tool_required.get((r, t)):
            holders = [y[r, a, t] for a in members if knows(by_id[a], request.primary_tool)]
            model.add(Sum(holders) >= held)
        for a in request.pinned_analysts:
            model.add(y[r, a, t] == held)
    for held in held_by_request.values():
        if len(held) > 1:
            model.add_at_most_one(held)
    for t, held in held_by_slot.items():
        if len(held) > slots[t].rooms:
            model.add(Sum(held) <= slots[t].rooms)
    for ys in seats_of.values():
        if len(ys) > 1:
            model.add_at_most_one(ys)
    for (a, day), ys in seats_by_day.items():
        if len(ys) > cap_left(by_id[a], day):
            model.add(Sum(ys) <= cap_left(by_id[a], day))

    # Objective.
    w = weights(instance)
    base = {a.id: base_load(a) for a in instance.analysts}
    floor_load = max(base.values(), default=0)
    max_load = model.new_int_var(floor_load, floor_load + len(instance.slots), "max_load")
    spread_vars, spread_costs = [], []  # sum of squared loads, less its constant part
    for a, ys in seats_total.items():
        model.add(base[a] + Sum(ys) <= max_load)
        # Unary count of a's new seats: the k-th seat adds (base + k)^2 - (base + k - 1)^2.
        most = min(len(ys), seats_bound(by_id[a], instance))
        steps = [model.new_bool_var(f"seat_{a}_{k}") for k in range(1, most + 1)]
        model.add(Sum(steps) == Sum(ys))
        for before, after in zip(steps, steps[1:], strict=False):
            model.add_implication(after, before)
        spread_vars += steps
        spread_costs += [2 * (base[a] + k) - 1 for k in range(1, len(steps) + 1)]
    pinned = {r.id for r in instance.requests if r.pinned_slot is not None or r.pinned_analysts}
    gain_vars, gains = [], []
    for (r, t), held in x.items():
        gain = w["served"] + w["affinity"] * points(requests[r].preferred_slots.get(t, 0.0))
        if r in pinned:
            gain += w["pinned"]
        gain_vars.append(held)
        gains.append(gain)
    for (r, a, _t), var in y.items():
        gain = w["affinity"] * cands.scores[r, a].points
        if gain:
            gain_vars.append(var)
            gains.append(gain)
    objective = (
        cp_model.LinearExpr.weighted_sum(gain_vars, gains)
        - w["load"] * max_load
        - cp_model.LinearExpr.weighted_sum(spread_vars, spread_costs)
        - sum(b * b for b in base.values())
    )
    model.maximize(objective)

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit - (time.perf_counter() - start))
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = log
    callback = _Progress(progress) if progress is not None else None
    code = solver.solve(model, callback)
    status = STATUS.get(code, "unknown")

    found = code in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assignments = []
    rooms_used: dict[int, int] = defaultdict(int)
    for r in instance.requests:
        slot = next(
            (t for t in statically_possible[r.id] if found and solver.value(x[r.id, t])), None
        )
        if slot is None:
            assignments.append(Assignment(r.id))
            continue
        rooms_used[slot] += 1
        members = [a for a in panel[r.id, slot] if solver.value(y[r.id, a, slot])]
        seats = [Seat(a, cands.scores[r.id, a].score, cands.scores[r.id, a].why) for a in members]
        seats.sort(key=lambda s: (-s.score, s.analyst_id))
        assignments.append(Assignment(r.id, slot, rooms_used[slot], seats))

    for assignment in assignments:
        if assignment.served:
            continue
        r = requests[assignment.request_id]
        if not found:
            assignment.reason = "the solver found no solution within the time limit"
        elif not statically_possible[r.id]:
            assignment.reason = _static_reason(instance, r, problems[r.id])
        elif all(rooms_used[t] >= slots[t].rooms for t in statically_possible[r.id]):
            full = ", ".join(str(t) for t in statically_possible[r.id])
            assignment.reason = f"not enough rooms: slot{'s' if ',' in full else ''} {full} full"
        else:
            assignment.reason = (
                "the analysts who could sit in its slots are on other panels or at their daily cap"
            )
        if found and status != "optimal":
            assignment.reason += " (best solution found within the time limit)"

    solution = Solution(assignments, status, method="biafed")
    solution.wall_s = time.perf_counter() - start
    if found:
        solution.objective = objective_of(instance, solution).value(instance)
        solution.bound = int(math.floor(solver.best_objective_bound + 1e-6))
        if status == "optimal":
            solution.bound = solution.objective
        solution.gap_pct = round(
            100.0 * max(0, solution.bound - solution.objective) / max(1, abs(solution.objective)), 4
        )
        model_objective = solver.value(objective)
        if status == "optimal" and model_objective != solution.objective:  # a bug
            raise AssertionError(
                f"model objective {model_objective} differs from recomputed {solution.objective}"
            )
    else:
        solution.message = "no solution found" if status == "unknown" else "model infeasible"
    return solution
