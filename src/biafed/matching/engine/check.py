"""An independent check of every hard constraint, for any solution of an instance.

Written again from the rules, without the solver's code, so that a bug in the
model and a bug in the check are unlikely to hide each other.
"""

from collections import Counter, defaultdict

from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.engine.solution import Solution


def _institution(text: str) -> str:
    return text.strip().casefold()


def _not_eligible(request: Request, analyst: Analyst) -> str | None:
    if not analyst.accepted_rules:
        return "has not accepted the network rules"
    mine, theirs = _institution(request.institution), _institution(analyst.institution)
    if mine and mine == theirs:
        return "is from the requester's institution"
    if analyst.id in request.conflicts:
        return "is a declared conflict of interest"
    return None


def violations(instance: Instance, solution: Solution) -> list[str]:
    """Every hard constraint `solution` breaks, in plain words; empty when it breaks none."""
    out: list[str] = []
    p = instance.parameters
    slots = instance.slot_by_id
    requests = instance.request_by_id
    analysts = instance.analyst_by_id

    seen = Counter(a.request_id for a in solution.assignments)
    for request_id, n in seen.items():
        if request_id not in requests:
            out.append(f"request {request_id}: not a request of the instance")
        elif n > 1:
            out.append(f"request {request_id}: appears {n} times in the solution")
    for request_id in requests:
        if request_id not in seen:
            out.append(f"request {request_id}: missing from the solution")

    rooms_taken: dict[int, list[int | None]] = defaultdict(list)
    sitting: dict[tuple[int, int], list[int]] = defaultdict(list)  # (analyst, slot) -> requests
    seats_per_day: Counter[tuple[int, str]] = Counter()  # (analyst, day)
    for assignment in solution.assignments:
        r = requests.get(assignment.request_id)
        if r is None:
            continue
        where = f"request {r.id}"
        t = assignment.slot_id
        if t is None:
            if assignment.panel or assignment.room is not None:
                out.append(f"{where}: not held but has a room or a panel")
            continue
        if t not in slots:
            out.append(f"{where}: slot {t} is not a slot of the instance")
            continue
        day = slots[t].day
        if r.pinned_slot is not None:
            if t != r.pinned_slot:
                out.append(f"{where}: held in slot {t}, pinned to slot {r.pinned_slot}")
        elif t not in r.allowed_slots:
            out.append(f"{where}: held in slot {t}, not one of its allowed slots")
        rooms_taken[t].append(assignment.room)
        if assignment.room is None or not 1 <= assignment.room <= slots[t].rooms:
            out.append(f"{where}: room {assignment.room} outside 1..{slots[t].rooms} in slot {t}")

        members = [s.analyst_id for s in assignment.panel]
        if not p.panel_min <= len(members) <= p.panel_max:
            out.append(
                f"{where}: panel of {len(members)}, not between {p.panel_min} and {p.panel_max}"
            )
        for a_id, n in Counter(members).items():
            if n > 1:
                out.append(f"{where}: analyst {a_id} sits {n} times on the panel")
        sites: Counter[int] = Counter()
        for a_id in set(members):
            a = analysts.get(a_id)
            if a is None:
                out.append(f"{where}: analyst {a_id} is not an analyst of the instance")
                continue
            why = _not_eligible(r, a)
            if why:
                out.append(f"{where}: analyst {a_id} {why}")
            if t not in a.available_slots:
                out.append(f"{where}: analyst {a_id} is not available in slot {t}")
            sites[a.site] += 1
            sitting[a_id, t].append(r.id)
            seats_per_day[a_id, day] += 1
        for site, n in sites.items():
            if n > 1:
                out.append(f"{where}: {n} panelists from site {site}")
        for a_id in sorted(r.pinned_analysts):
            if a_id not in members:
                out.append(f"{where}: pinned analyst {a_id} is not on the panel")
        if r.primary_tool is not None:
            someone = any(
                r.primary_tool in a.expertise
                and _not_eligible(r, a) is None
                and t in a.available_slots
                and a.daily_cap - a.held_sessions.get(day, 0) > 0
                for a in instance.analysts
            )
            on_panel = any(
                r.primary_tool in analysts[a_id].expertise for a_id in members if a_id in analysts
            )
            if someone and not on_panel:
                out.append(
                    f"{where}: nobody on the panel knows the primary tool "
                    f"{instance.term_name(r.primary_tool)}, though an eligible analyst "
                    f"available in slot {t} does"
                )

    for t, rooms in sorted(rooms_taken.items()):
        if len(rooms) > slots[t].rooms:
            out.append(f"slot {t}: {len(rooms)} requests held, only {slots[t].rooms} rooms")
        for room, n in Counter(rooms).items():
            if n > 1 and room is not None:
                out.append(f"slot {t}: room {room} given to {n} requests")
    for (a_id, t), held in sorted(sitting.items()):
        if len(held) > 1:
            out.append(f"analyst {a_id}: on {len(held)} panels in slot {t} (requests {held})")
    for (a_id, day), n in sorted(seats_per_day.items()):
        a = analysts[a_id]
        already = a.held_sessions.get(day, 0)
        if already + n > a.daily_cap:
            on = f" on day {day!r}" if day else ""
            out.append(
                f"analyst {a_id}: {n} new sessions and {already} already held{on}, "
                f"daily cap {a.daily_cap}"
            )
    return out
