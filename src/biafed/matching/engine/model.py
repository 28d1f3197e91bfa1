"""The model's variables and constraints, built for CP-SAT over a group of requests.

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

Slots, rooms and caps are per day, so requests whose slots lie on different days
share no constraint: `parts` groups the requests by the days they join.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from biafed.matching.engine.affinity import points
from biafed.matching.engine.candidates import (
    INELIGIBLE,
    Candidates,
    available,
    cap_left,
    ineligibility,
    ineligible,
    knows,
)
from biafed.matching.engine.instance import Instance, Request
from biafed.matching.engine.messages import Message, gettext_noop, one, piece, render
from biafed.matching.engine.solution import base_load, seats_bound

Sum = cp_model.LinearExpr.sum
Chosen = dict[int, tuple[int, tuple[int, ...]]]  # request -> (slot, panel) of the held requests


def distinct_sites(instance: Instance, analyst_ids: Iterable[int]) -> int:
    by_id = instance.analyst_by_id
    return len({by_id[a].site for a in analyst_ids})


def slot_problem(
    instance: Instance, request: Request, t: int, cands: Candidates
) -> tuple[Message | None, list[int]]:
    """Why `request` cannot be held in slot `t` whatever the others do (a message of
    engine/messages.py), and who could sit."""
    slot = instance.slot(t)
    by_id = instance.analyst_by_id
    here = [a for a in cands.by_request[request.id] if available(by_id[a], t, slot.day)]
    p = instance.parameters
    if slot.rooms < 1:
        return one(gettext_noop("no room")), here
    for a in sorted(request.pinned_analysts):
        if a not in here:
            return one(
                gettext_noop("pinned analyst %(analyst)s is not available"),
                analyst=analyst_name(instance, a),
            ), here
    if distinct_sites(instance, request.pinned_analysts) < len(request.pinned_analysts):
        return one(gettext_noop("two pinned analysts come from the same site")), here
    if not here:
        return one(gettext_noop("no eligible analyst available")), here
    if distinct_sites(instance, here) < p.panel_min:
        return one(
            gettext_noop("fewer than %(n)s eligible analysts from different sites available"),
            n=p.panel_min,
        ), here
    return None, here


def analyst_name(instance: Instance, analyst_id: int) -> str:
    a = instance.analyst_by_id.get(analyst_id)
    return f"{a.name} ({analyst_id})" if a is not None and a.name else str(analyst_id)


def static_reason_parts(
    instance: Instance, request: Request, problems: dict[int, Message], cands: Candidates
) -> Message:
    """The reason a request cannot be held in any of its slots, as a message."""
    by_id = instance.analyst_by_id
    if request.pinned_slot is None and not request.allowed_slots:
        return one(gettext_noop("the requester allowed no slot"))
    for a in sorted(request.pinned_analysts):
        code = ineligible(request, by_id[a])
        if code:
            return one(INELIGIBLE[code][1], analyst=analyst_name(instance, a))
    if not cands.n_eligible.get(request.id):
        return one(
            gettext_noop(
                "no eligible analyst (same institution, declared conflicts or rules not accepted)"
            )
        )
    reasons = list({render(why): why for why in problems.values()}.values())  # distinct
    if not reasons:
        return one(gettext_noop("no slot where it could be held"))
    if len(reasons) == 1:
        if request.pinned_slot is not None:
            return one(gettext_noop("%(reason)s in its pinned slot"), reason=[reasons[0]])
        return one(gettext_noop("%(reason)s in any allowed slot"), reason=[reasons[0]])
    return tuple(
        piece(gettext_noop("slot %(slot)s: %(reason)s"), slot=t, reason=[why])
        for t, why in problems.items()
    )


def static_reason(
    instance: Instance, request: Request, problems: dict[int, Message], cands: Candidates
) -> str:
    """The reason a request cannot be held in any of its slots, in one sentence."""
    return render(static_reason_parts(instance, request, problems, cands))


# --- The space of variables and its parts -----------------------------------------------------


@dataclass
class Space:
    """Where variables exist: (request, slot) -> analysts who could sit there."""

    panel: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    problems: dict[int, dict[int, Message]] = field(default_factory=dict)  # r -> slot -> why not
    possible: dict[int, list[int]] = field(default_factory=dict)  # r -> slots it may be held in


def build_space(instance: Instance, cands: Candidates) -> Space:
    space = Space()
    by_id = instance.analyst_by_id
    for r in instance.requests:
        space.problems[r.id] = {}
        space.possible[r.id] = []
        if any(ineligibility(r, by_id[a]) for a in r.pinned_analysts):
            continue
        for t in instance.slots_of(r):
            why, here = slot_problem(instance, r, t, cands)
            if why:
                space.problems[r.id][t] = why
                continue
            space.possible[r.id].append(t)
            space.panel[r.id, t] = here
    return space


def split_parts(instance: Instance, space: Space) -> list[list[int]]:
    """Requests that may be held, grouped so that no two groups share a day."""
    parent: dict[str, str] = {}

    def root(day: str) -> str:
        while parent.setdefault(day, day) != day:
            parent[day] = parent[parent[day]]
            day = parent[day]
        return day

    slots = instance.slot_by_id
    for r in instance.requests:
        days = [slots[t].day for t in space.possible[r.id]]
        for day in days[1:]:
            parent[root(day)] = root(days[0])
    groups: dict[str, list[int]] = defaultdict(list)
    for r in instance.requests:
        if space.possible[r.id]:
            groups[root(slots[space.possible[r.id][0]].day)].append(r.id)
    return list(groups.values())


# --- One CP-SAT model over some requests ------------------------------------------------------


class Model:
    """The hard constraints over `request_ids`, the tier expressions, and fairness if asked."""

    def __init__(
        self,
        instance: Instance,
        space: Space,
        cands: Candidates,
        request_ids: list[int],
        *,
        fair: bool,
    ):
        self.instance, self.space = instance, space
        p = instance.parameters
        slots = instance.slot_by_id
        by_id = instance.analyst_by_id
        requests = instance.request_by_id
        model = self.model = cp_model.CpModel()
        self.request_ids = request_ids
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.y: dict[tuple[int, int, int], cp_model.IntVar] = {}
        self.slots_of: dict[int, list[int]] = {}
        seats_of: dict[tuple[int, int], list[Any]] = defaultdict(list)  # (a, t) -> y vars
        seats_by_day: dict[tuple[int, str], list[Any]] = defaultdict(list)  # (a, day) -> y vars
        self.seats_total: dict[int, list[Any]] = defaultdict(list)  # a -> y vars
        held_by_slot: dict[int, list[Any]] = defaultdict(list)
        pinned_terms, served_terms, gain_vars, gains = [], [], [], []
        for r in request_ids:
            request = requests[r]
            self.slots_of[r] = space.possible[r]
            is_pinned = request.pinned_slot is not None or bool(request.pinned_analysts)
            held_here = []
            for t in space.possible[r]:
                held = self.x[r, t] = model.new_bool_var(f"x_{r}_{t}")
                held_here.append(held)
                held_by_slot[t].append(held)
                served_terms.append(held)
                if is_pinned:
                    pinned_terms.append(held)
                preference = points(request.preferred_slots.get(t, 0.0))
                if preference:
                    gain_vars.append(held)
                    gains.append(preference)
                members = space.panel[r, t]
                ys = []
                by_site: dict[int, list[Any]] = defaultdict(list)
                for a in members:
                    var = self.y[r, a, t] = model.new_bool_var(f"y_{r}_{a}_{t}")
                    ys.append(var)
                    model.add_implication(var, held)
                    seats_of[a, t].append(var)
                    seats_by_day[a, slots[t].day].append(var)
                    self.seats_total[a].append(var)
                    by_site[by_id[a].site].append(var)
                    gain = points(cands.scores[r, a])
                    if gain:
                        gain_vars.append(var)
                        gains.append(gain)
                size = Sum(ys)
                model.add(size >= p.panel_min * held)
                model.add(size <= p.panel_max * held)
                for same_site in by_site.values():
                    if len(same_site) > 1:
                        model.add_at_most_one(same_site)
                if cands.tool_required.get((r, t)):
                    holders = [
                        self.y[r, a, t] for a in members if knows(by_id[a], request.primary_tool)
                    ]
                    model.add(Sum(holders) >= held)
                for a in request.pinned_analysts:
                    model.add(self.y[r, a, t] == held)
            if len(held_here) > 1:
                model.add_at_most_one(held_here)
        for t, holding in held_by_slot.items():
            if len(holding) > slots[t].rooms:
                model.add(Sum(holding) <= slots[t].rooms)
        for ys in seats_of.values():
            if len(ys) > 1:
                model.add_at_most_one(ys)
        for (a, day), ys in seats_by_day.items():
            if len(ys) > cap_left(by_id[a], day):
                model.add(Sum(ys) <= cap_left(by_id[a], day))
        self.expressions = {
            "pinned": Sum(pinned_terms),
            "served": Sum(served_terms),
            "affinity": cp_model.LinearExpr.weighted_sum(gain_vars, gains),
        }
        self.steps: dict[int, list[Any]] = {}
        if fair:
            self._fairness()

    def _fairness(self) -> None:
        """Largest load and the sum of squared loads (less its constant part)."""
        instance, model = self.instance, self.model
        by_id = instance.analyst_by_id
        base = {a.id: base_load(a) for a in instance.analysts}
        floor_load = max(base.values(), default=0)
        self.max_load = model.new_int_var(floor_load, floor_load + len(instance.slots), "max_load")
        spread_vars, spread_costs = [], []
        for a, ys in self.seats_total.items():
            model.add(base[a] + Sum(ys) <= self.max_load)
            # Unary count of a's new seats: the k-th seat adds (base + k)^2 - (base + k - 1)^2.
            most = min(len(ys), seats_bound(by_id[a], instance))
            steps = self.steps[a] = [model.new_bool_var(f"seat_{a}_{k}") for k in range(most)]
            model.add(Sum(steps) == Sum(ys))
            for before, after in zip(steps, steps[1:], strict=False):
                model.add_implication(after, before)
            spread_vars += steps
            spread_costs += [2 * (base[a] + k) + 1 for k in range(len(steps))]
        self.expressions["max_load"] = self.max_load
        self.expressions["spread"] = cp_model.LinearExpr.weighted_sum(spread_vars, spread_costs)

    def hint(self, chosen: Chosen) -> None:
        """Start the next solve from `chosen` (a complete, feasible assignment)."""
        model = self.model
        model.clear_hints()  # type: ignore[no-untyped-call]
        seats: dict[int, int] = defaultdict(int)
        for r in self.request_ids:
            held = chosen.get(r)
            for t in self.slots_of[r]:
                on = held is not None and held[0] == t
                model.add_hint(self.x[r, t], on)
        for (r, a, t), var in self.y.items():
            held = chosen.get(r)
            on = held is not None and held[0] == t and a in held[1]
            model.add_hint(var, on)
            seats[a] += on
        if self.steps:
            base = {a.id: base_load(a) for a in self.instance.analysts}
            for a, steps in self.steps.items():
                for k, var in enumerate(steps):
                    model.add_hint(var, k < seats[a])
            loads = [base[a] + seats[a] for a in base]
            model.add_hint(self.max_load, max(loads, default=0))

    def read(self, solver: Any) -> Chosen:
        """The held requests of the solver's (or a callback's) current solution."""
        chosen: Chosen = {}
        for (r, t), var in self.x.items():
            if solver.boolean_value(var):
                chosen[r] = (t, ())
        for (r, a, t), var in self.y.items():
            held = chosen.get(r)
            if held is not None and held[0] == t and solver.boolean_value(var):
                chosen[r] = (t, (*held[1], a))
        return chosen


def part_expressions(
    m: Model, ids: list[int], cands: Candidates, instance: Instance
) -> dict[str, Any]:
    """The pinned, served and affinity expressions of the requests `ids` in model `m`."""
    requests = instance.request_by_id
    pinned_terms, served_terms, gain_vars, gains = [], [], [], []
    for r in ids:
        request = requests[r]
        is_pinned = request.pinned_slot is not None or bool(request.pinned_analysts)
        for t in m.slots_of[r]:
            held = m.x[r, t]
            served_terms.append(held)
            if is_pinned:
                pinned_terms.append(held)
            preference = points(request.preferred_slots.get(t, 0.0))
            if preference:
                gain_vars.append(held)
                gains.append(preference)
    wanted = set(ids)
    for (r, a, _t), var in m.y.items():
        if r in wanted:
            gain = points(cands.scores[r, a])
            if gain:
                gain_vars.append(var)
                gains.append(gain)
    return {
        "pinned": Sum(pinned_terms),
        "served": Sum(served_terms),
        "affinity": cp_model.LinearExpr.weighted_sum(gain_vars, gains),
    }


def size(space: Space, ids: list[int]) -> int:
    return sum(len(space.panel[r, t]) + 1 for r in ids for t in space.possible[r])
