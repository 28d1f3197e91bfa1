"""Who may sit on which panel, and which few the solver considers.

An analyst is *eligible* for a request when they accepted the network rules,
are not from the requester's institution and are not among its declared
conflicts. They are *available* in a slot when they ticked it and still have
room under their daily cap that day (sessions already held count).

The *candidates* of a request are its pinned analysts, its best `top_k`
eligible analysts by affinity (ties: lighter load first, then id), and in each
of its slots the best eligible analyst available there who knows the primary
tool. The last group makes "a panelist with the primary tool when anyone
available has it" mean the same over candidates as over everyone.
"""

from dataclasses import dataclass

from biafed.matching.engine.affinity import Affinity, affinity
from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.engine.solution import base_load


def same_institution(a: str, b: str) -> bool:
    return bool(a.strip() and b.strip()) and a.strip().casefold() == b.strip().casefold()


def ineligibility(request: Request, analyst: Analyst) -> str | None:
    """Why `analyst` may not sit on `request`'s panel, or None when they may."""
    if not analyst.accepted_rules:
        return "has not accepted the network rules"
    if same_institution(request.institution, analyst.institution):
        return "is from the requester's institution"
    if analyst.id in request.conflicts:
        return "is a declared conflict of interest"
    return None


def cap_left(analyst: Analyst, day: str) -> int:
    return analyst.daily_cap - analyst.held_sessions.get(day, 0)


def available(analyst: Analyst, slot_id: int, day: str) -> bool:
    return slot_id in analyst.available_slots and cap_left(analyst, day) > 0


def knows(analyst: Analyst, term: int | None) -> bool:
    return term is not None and term in analyst.expertise


@dataclass
class Candidates:
    """The pairs the model is built on, and why requests have few of them."""

    scores: dict[tuple[int, int], Affinity]  # (request, analyst) -> affinity, candidates only
    by_request: dict[int, list[int]]  # request -> candidate analyst ids, best first
    eligible: dict[int, list[int]]  # request -> every eligible analyst id
    tool_required: dict[tuple[int, int], bool]  # (request, slot) -> a tool holder must sit


def candidates(instance: Instance) -> Candidates:
    slots = instance.slot_by_id
    analysts = instance.analysts
    by_id = instance.analyst_by_id
    k = instance.parameters.top_k
    scores: dict[tuple[int, int], Affinity] = {}
    by_request: dict[int, list[int]] = {}
    eligible_of: dict[int, list[int]] = {}
    tool_required: dict[tuple[int, int], bool] = {}
    for r in instance.requests:
        own_slots = instance.slots_of(r)
        eligible = [a for a in analysts if ineligibility(r, a) is None]
        eligible_of[r.id] = [a.id for a in eligible]
        useful = [a for a in eligible if any(available(a, t, slots[t].day) for t in own_slots)]
        scored = {a.id: affinity(r, a, instance.term_names) for a in useful}
        ranked = sorted(useful, key=lambda a: (-scored[a.id].score, base_load(a), a.id))
        chosen = [a.id for a in ranked[:k]]
        for a_id in sorted(r.pinned_analysts):
            if a_id in scored and a_id not in chosen:
                chosen.append(a_id)
        for t in own_slots:
            holders = [
                a for a in ranked if knows(a, r.primary_tool) and available(a, t, slots[t].day)
            ]
            tool_required[(r.id, t)] = bool(holders)
            if holders and holders[0].id not in chosen:
                chosen.append(holders[0].id)
        chosen.sort(key=lambda a_id: (-scored[a_id].score, base_load(by_id[a_id]), a_id))
        by_request[r.id] = chosen
        for a_id in chosen:
            scores[(r.id, a_id)] = scored[a_id]
    return Candidates(scores, by_request, eligible_of, tool_required)
