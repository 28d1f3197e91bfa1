"""A first assignment that keeps every hard constraint, built greedily, to start the solver.

It works on the solver's own variables (the slots and candidates a request may
use, `model.Space`), so that what it returns is a complete and feasible hint:
CP-SAT starts from it instead of from "nobody served".

Requests go in order (pinned first, then those with the fewest places to go);
each takes the first of its slots, preferred first, where a room is left and a
panel of `panel_min` can be seated: its pinned analysts, a primary-tool holder
when one is required, then free candidates from other sites, those that fewer
other requests could seat in that slot first (best affinity among equals), so
that more panels fit; the affinity tier improves the panels afterwards. A last
pass tops panels up to `panel_max` with free candidates who match something.
"""

from collections import Counter

from biafed.matching.engine.candidates import Candidates, cap_left, knows
from biafed.matching.engine.instance import Instance
from biafed.matching.engine.model import Chosen, Space


def warm_start(instance: Instance, space: Space, cands: Candidates, ids: list[int]) -> Chosen:
    """Held requests among `ids` -> (slot, panel), breaking no hard constraint."""
    p = instance.parameters
    slots = instance.slot_by_id
    analysts = instance.analyst_by_id
    requests = instance.request_by_id
    rooms_left = {s.id: s.rooms for s in instance.slots}
    busy: set[tuple[int, int]] = set()  # (analyst, slot)
    seats: Counter[tuple[int, str]] = Counter()  # (analyst, day) -> new seats

    def free(a: int, t: int) -> bool:
        day = slots[t].day
        return (a, t) not in busy and seats[a, day] < cap_left(analysts[a], day)

    def seat(members: list[int], t: int) -> None:
        for a in members:
            busy.add((a, t))
            seats[a, slots[t].day] += 1

    def panel(r: int, t: int) -> list[int] | None:
        request = requests[r]
        members: list[int] = []
        sites: set[int] = set()
        for a in sorted(request.pinned_analysts):
            if not free(a, t) or analysts[a].site in sites:
                return None
            members.append(a)
            sites.add(analysts[a].site)
        pool = [a for a in space.panel[r, t] if a not in members and free(a, t)]
        # Analysts fewer other requests could use in this slot first: more panels fit.
        pool.sort(key=lambda a: demand[a, t])
        if cands.tool_required.get((r, t)) and not any(
            knows(analysts[a], request.primary_tool) for a in members
        ):
            holder = next(
                (
                    a
                    for a in pool
                    if knows(analysts[a], request.primary_tool) and analysts[a].site not in sites
                ),
                None,
            )
            if holder is None:
                return None
            members.append(holder)
            sites.add(analysts[holder].site)
        for a in pool:
            if len(members) >= p.panel_min:
                break
            if a not in members and analysts[a].site not in sites:
                members.append(a)
                sites.add(analysts[a].site)
        return members if p.panel_min <= len(members) <= p.panel_max else None

    demand: Counter[tuple[int, int]] = (
        Counter()
    )  # (analyst, slot) -> requests that could seat them there
    for r in ids:
        for t in space.possible[r]:
            for a in space.panel[r, t]:
                demand[a, t] += 1

    def places(r: int) -> int:
        return sum(len(space.panel[r, t]) for t in space.possible[r])

    pinned = {r for r in ids if requests[r].pinned_slot is not None or requests[r].pinned_analysts}
    order = sorted(ids, key=lambda r: (r not in pinned, places(r), r))
    chosen: Chosen = {}
    for r in order:
        preferred = requests[r].preferred_slots
        for t in sorted(space.possible[r], key=lambda t: -preferred.get(t, 0.0)):
            if rooms_left[t] < 1:
                continue
            members = panel(r, t)
            if members is not None:
                rooms_left[t] -= 1
                seat(members, t)
                chosen[r] = (t, tuple(members))
                break
    for r in order:
        if r not in chosen:
            continue
        t, seated = chosen[r]
        sites = {analysts[a].site for a in seated}
        extra: list[int] = []
        for a in space.panel[r, t]:
            if len(seated) + len(extra) >= p.panel_max:
                break
            if (
                a not in seated
                and cands.scores[r, a] > 0
                and analysts[a].site not in sites
                and free(a, t)
            ):
                extra.append(a)
                sites.add(analysts[a].site)
                seat([a], t)
        chosen[r] = (t, (*seated, *extra))
    return chosen
