"""The two-stage baseline: panels first by min-cost flow, ignoring time, then slots.

This is how reviewer-assignment tools work (a flow of reviewers to papers under
capacities), followed by a separate timetabling step:

1. *panels*: a min-cost flow (OR-Tools `SimpleMinCostFlow`) from requests to
   their candidate analysts (`candidates`: eligible, available in one of the
   request's slots), at most one per site, each request asking for `panel_min`
   seats first and up to `panel_max`, each analyst within the seats they could
   take over the whole horizon (`seats_bound`), at the highest total affinity;
   pinned analysts are forced in by a large bonus;
2. *slots*: requests, most constrained first, take the allowed slot with a room
   where most of their panel is free (available, not on another panel then,
   under their daily cap); members who are not free there are dropped, and a
   request whose panel falls below `panel_min` is not held.

Time is ignored in step 1, so the panels it builds often have no slot in common:
that is the weakness the joint model removes. Step 2 keeps every constraint of
time it checks, but not the primary-tool rule once a tool holder is dropped;
`check.violations` scores the result like any other solution.
"""

import time
from collections import Counter, defaultdict

from ortools.graph.python import min_cost_flow

from biafed.matching.engine.affinity import affinity, points, vocabulary_of
from biafed.matching.engine.candidates import candidates, cap_left
from biafed.matching.engine.instance import Instance, check
from biafed.matching.engine.solution import (
    Assignment,
    Seat,
    Solution,
    objective_of,
    seats_bound,
)

FIRST_SEATS_BONUS = 10_000  # per seat up to panel_min: more panels before better panels
PIN_BONUS = 1_000_000


def panels_by_flow(instance: Instance) -> dict[int, list[int]]:
    """Request id -> panel (analyst ids) from the min-cost flow, ignoring slots."""
    p = instance.parameters
    cands = candidates(instance)
    analysts = instance.analyst_by_id
    flow = min_cost_flow.SimpleMinCostFlow()
    nodes: dict[tuple[str | int, ...], int] = {}

    def node(key: tuple[str | int, ...]) -> int:
        return nodes.setdefault(key, len(nodes))

    source, sink = node(("source",)), node(("sink",))
    tails: list[int] = []
    heads: list[int] = []
    capacities: list[int] = []
    costs: list[int] = []

    def arc(tail: int, head: int, capacity: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        capacities.append(capacity)
        costs.append(cost)

    pair_arcs: dict[int, tuple[int, int]] = {}  # arc index -> (request, analyst)
    for r in instance.requests:
        chosen = cands.by_request[r.id]
        if len(chosen) < p.panel_min:
            continue
        request_node = node(("request", r.id))
        arc(source, request_node, p.panel_min, -FIRST_SEATS_BONUS)
        if p.panel_max > p.panel_min:
            arc(source, request_node, p.panel_max - p.panel_min, 0)
        for a in chosen:
            site_node = node(("site", r.id, analysts[a].site))
            pair_arcs[len(tails)] = (r.id, a)
            gain = points(cands.scores[r.id, a]) + (PIN_BONUS if a in r.pinned_analysts else 0)
            arc(site_node, node(("analyst", a)), 1, -gain)
    for key in [k for k in nodes if k[0] == "site"]:
        arc(node(("request", key[1])), nodes[key], 1, 0)
    for analyst in instance.analysts:
        if ("analyst", analyst.id) in nodes:
            arc(nodes["analyst", analyst.id], sink, seats_bound(analyst, instance), 0)
    if tails:
        flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        # Supplies mark the ends; the flow is the largest the arcs allow, at least cost.
        demand = len(instance.requests) * p.panel_max
        flow.set_node_supply(source, demand)
        flow.set_node_supply(sink, -demand)
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
    panels: dict[int, list[int]] = defaultdict(list)
    for i, (request_id, analyst_id) in pair_arcs.items():
        if flow.flow(i) > 0:
            panels[request_id].append(analyst_id)
    return dict(panels)


def two_stage(instance: Instance) -> Solution:
    """Panels by min-cost flow, then slots: a `Solution` scored like the others."""
    start = time.perf_counter()
    check(instance)
    p = instance.parameters
    slots = instance.slot_by_id
    analysts = instance.analyst_by_id
    panels = panels_by_flow(instance)
    rooms_left = {s.id: s.rooms for s in instance.slots}
    busy: set[tuple[int, int]] = set()
    seats: Counter[tuple[int, str]] = Counter()  # (analyst, day)

    def free(a: int, t: int) -> bool:
        day = slots[t].day
        analyst = analysts[a]
        return (
            t in analyst.available_slots
            and (a, t) not in busy
            and seats[a, day] < cap_left(analyst, day)
        )

    order = sorted(
        (r for r in instance.requests if r.id in panels),
        key=lambda r: (len(instance.slots_of(r)), -len(panels[r.id]), r.id),
    )
    placed: dict[int, tuple[int, list[int]]] = {}
    reasons: dict[int, str] = {}
    for r in order:
        best = None
        for t in instance.slots_of(r):
            if rooms_left[t] < 1:
                continue
            here = [a for a in panels[r.id] if free(a, t)]
            rank = (len(here), r.preferred_slots.get(t, 0.0))
            if best is None or rank > best[0]:
                best = (rank, t, here)
        if best is None:
            reasons[r.id] = "no room left in its slots"
            continue
        _rank, t, here = best
        if len(here) < p.panel_min:
            reasons[r.id] = "its panel members are never free together in one of its slots"
            continue
        rooms_left[t] -= 1
        for a in here:
            busy.add((a, t))
            seats[a, slots[t].day] += 1
        placed[r.id] = (t, here)

    rooms: Counter[int] = Counter()
    vocabulary = vocabulary_of(instance)
    assignments = []
    for r in instance.requests:
        if r.id not in placed:
            reason = reasons.get(r.id, "no panel from the flow (too few candidates)")
            assignments.append(Assignment(r.id, reason=reason))
            continue
        t, members = placed[r.id]
        rooms[t] += 1
        seated = []
        for a in members:
            score = affinity(r, analysts[a], instance.term_names, vocabulary=vocabulary)
            seated.append(Seat(a, score.score, score.why, score.why_parts))
        seated.sort(key=lambda s: (-s.score, s.analyst_id))
        assignments.append(Assignment(r.id, t, rooms[t], seated))
    solution = Solution(assignments, "heuristic", method="two-stage")
    solution.objective = objective_of(instance, solution).value(instance)
    solution.wall_s = time.perf_counter() - start
    return solution
