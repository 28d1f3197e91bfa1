"""A solution of an instance, its objective and its figures, whoever computed it.

The objective is lexicographic, in five tiers (`TIERS`), a higher tier always
winning over any change in the lower ones:

1. pinned requests served (a coordinator's pinned request is never dropped for another);
2. requests served;
3. affinity points: round(100 × affinity) of every panelist, plus
   round(100 × weight) of the preferred slot a request is held in;
4. fairness: the largest load of any analyst, smallest first, a load counting
   past load, sessions already held and the new seats;
5. spread: the sum of the squared loads, smallest first, so that seats go to the
   less loaded among equally good analysts.

The engine solves the tiers one by one (`solve`); to compare any two solutions
they are also folded into one integer (`Objective.value`), with weights large
enough that each tier outweighs the whole range of the tiers below it.
"""

import json
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from biafed.matching.engine.affinity import SCALE, affinity, points, vocabulary_of
from biafed.matching.engine.instance import Analyst, Instance
from biafed.matching.engine.messages import Message

STATUSES = ("optimal", "feasible", "infeasible", "unknown", "heuristic")
TIERS = ("pinned", "served", "affinity", "max_load", "spread")  # in priority order


@dataclass(frozen=True)
class TierResult:
    """One objective tier as solved: its value, a bound on it, and whether it is proven.

    The bound holds given every tier above at its value; `pinned`, `served` and
    `affinity` are maximised (the bound is above), `max_load` and `spread` (the sum
    of squared loads) minimised (the bound is below).
    """

    value: int
    bound: int
    proven: bool


@dataclass(frozen=True)
class Seat:
    analyst_id: int
    score: float
    why: str
    why_parts: Message = field(default=(), compare=False)  # `why` as a message (messages.py)


@dataclass
class Assignment:
    request_id: int
    slot_id: int | None = None
    room: int | None = None  # 1..rooms within the slot
    panel: list[Seat] = field(default_factory=list)  # best affinity first
    reason: str = ""  # why an unserved request could not be held
    reason_parts: Message = ()  # `reason` as a message (engine/messages.py), when known

    @property
    def served(self) -> bool:
        return self.slot_id is not None


@dataclass(frozen=True)
class Objective:
    pinned_served: int
    served: int
    affinity_points: int  # panel affinities and slot preferences, in points
    max_load: int
    spread: int  # sum of squared loads

    def value(self, instance: Instance) -> int:
        w = weights(instance)
        return (
            w["pinned"] * self.pinned_served
            + w["served"] * self.served
            + w["affinity"] * self.affinity_points
            - w["load"] * self.max_load
            - self.spread
        )


@dataclass
class Solution:
    assignments: list[Assignment]  # one per request, in the instance's order
    status: str  # one of STATUSES
    method: str = "biafed"
    objective: int | None = None
    bound: int | None = None
    gap_pct: float | None = None
    wall_s: float = 0.0
    message: str = ""
    message_parts: Message = ()  # `message` as a message (engine/messages.py)
    tiers: dict[str, TierResult] = field(default_factory=dict)  # per tier, when solved by tiers
    gap_tier: str = ""  # the first tier not proven optimal, which `gap_pct` is about
    parts: int = 0  # independent parts (groups of days) the instance was solved in

    def assignment(self, request_id: int) -> Assignment:
        for a in self.assignments:
            if a.request_id == request_id:
                return a
        raise KeyError(request_id)


def seats_bound(analyst: Analyst, instance: Instance) -> int:
    """The most new seats `analyst` can take: one per slot, within each day's cap."""
    per_day: dict[str, int] = {}
    for slot in instance.slots:
        if slot.id in analyst.available_slots:
            per_day[slot.day] = per_day.get(slot.day, 0) + 1
    return sum(
        max(0, min(n, analyst.daily_cap - analyst.held_sessions.get(day, 0)))
        for day, n in per_day.items()
    )


def weights(instance: Instance) -> dict[str, int]:
    """Integer weights that make the objective lexicographic (see the module docstring).

    Each weight exceeds the whole range the tiers below it can span.
    """
    p = instance.parameters
    bounds = [(base_load(a), seats_bound(a, instance)) for a in instance.analysts]
    spread_range = sum((b + u) ** 2 - b**2 for b, u in bounds)
    load_range = max((u for _b, u in bounds), default=0)
    load = spread_range + 1
    affinity = load * (load_range + 1)
    affinity_range = len(instance.requests) * SCALE * (p.panel_max + 1)
    served = affinity * (affinity_range + 1)
    pinned = served * (len(instance.requests) + 1)
    return {"pinned": pinned, "served": served, "affinity": affinity, "load": load}


def base_load(analyst: Analyst) -> int:
    return analyst.past_load + sum(analyst.held_sessions.values())


def loads(instance: Instance, solution: Solution) -> dict[int, int]:
    """Each analyst's load: past load, sessions already held and seats in `solution`."""
    load = {a.id: base_load(a) for a in instance.analysts}
    for assignment in solution.assignments:
        for seat in assignment.panel:
            load[seat.analyst_id] = load.get(seat.analyst_id, 0) + 1
    return load


def objective_of(instance: Instance, solution: Solution) -> Objective:
    """The objective tiers of `solution`, recomputed from scratch."""
    requests = instance.request_by_id
    analysts = instance.analyst_by_id
    vocabulary = vocabulary_of(instance)
    pinned = served = affinity_points = 0
    for a in solution.assignments:
        if not a.served:
            continue
        request = requests[a.request_id]
        served += 1
        if request.pinned_slot is not None or request.pinned_analysts:
            pinned += 1
        assert a.slot_id is not None  # served
        affinity_points += points(request.preferred_slots.get(a.slot_id, 0.0))
        for seat in a.panel:
            analyst = analysts.get(seat.analyst_id)
            if analyst is not None:
                affinity_points += affinity(
                    request, analyst, instance.term_names, vocabulary=vocabulary
                ).points
    load = loads(instance, solution)
    return Objective(
        pinned,
        served,
        affinity_points,
        max(load.values(), default=0),
        sum(n * n for n in load.values()),
    )


def figures(instance: Instance, solution: Solution) -> dict[str, Any]:
    """The figures a coordinator (or a benchmark) looks at."""
    from biafed.matching.engine.check import violations  # noqa: PLC0415 — check imports Solution from here

    served = [a for a in solution.assignments if a.served]
    panel_affinity = [sum(s.score for s in a.panel) / len(a.panel) for a in served if a.panel]
    new_load = {a.id: 0 for a in instance.analysts}
    for a in served:
        for seat in a.panel:
            new_load[seat.analyst_id] = new_load.get(seat.analyst_id, 0) + 1
    total_load = loads(instance, solution)
    tiers = objective_of(instance, solution)
    return {
        "instance": instance.name,
        "method": solution.method,
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap_pct": solution.gap_pct,
        "served": len(served),
        "requests": len(instance.requests),
        "pinned_served": tiers.pinned_served,
        "affinity_points": tiers.affinity_points,
        "min_panel_affinity": round(min(panel_affinity), 3) if panel_affinity else None,
        "mean_panel_affinity": (
            round(statistics.fmean(panel_affinity), 3) if panel_affinity else None
        ),
        "load_max": max(total_load.values(), default=0),
        "load_std": round(statistics.pstdev(total_load.values()), 3) if total_load else 0.0,
        "seats_max": max(new_load.values(), default=0),
        "violations": len(violations(instance, solution)),
        "wall_s": round(solution.wall_s, 3),
    }


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    return asdict(solution)


def dumps_solution(
    solution: Solution, *, indent: int | None = 2, extra: dict[str, Any] | None = None
) -> str:
    data = solution_to_dict(solution)
    if extra:
        data.update(extra)
    return json.dumps(data, indent=indent, ensure_ascii=False)
