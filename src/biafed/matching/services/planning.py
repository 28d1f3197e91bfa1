"""Solving one open-desk day and turning the engine's solution into a plan of rooms.

Plain data in, plain data out (no database access), so that the background task
can run it from the instance stored on an `AllocationRun`.

The engine counts rooms for the requests it holds only, while a request it
leaves out keeps the place it booked. When that overfills a slot, the requests
left out there are *reserved*: taken out of the instance with their room, and
the day is solved again. Each round reserves at least one more request, so the
loop ends; in the usual case there is a single round.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from typing import Any

from biafed.matching.engine import (
    Assignment,
    Instance,
    Seat,
    Solution,
    figures,
    solution_to_dict,
    solve,
)

Places = dict[int, tuple[int | None, int | None]]  # request id -> (slot, room) it holds now


def without(instance: Instance, reserved: Collection[int], places: Places) -> Instance:
    """`instance` less the `reserved` requests, their rooms taken out of their slots."""
    freed: dict[int, int] = defaultdict(int)
    for request_id in reserved:
        slot_id, room = places.get(request_id, (None, None))
        if slot_id is not None and room is not None:
            freed[slot_id] += 1
    return replace(
        instance,
        slots=tuple(replace(s, rooms=max(0, s.rooms - freed[s.id])) for s in instance.slots),
        requests=tuple(r for r in instance.requests if r.id not in reserved),
    )


def _overfilled(instance: Instance, solution: Solution, places: Places) -> set[int]:
    """Slots where held requests and the left-out requests keeping their room exceed the rooms."""
    count: dict[int, int] = defaultdict(int)
    for a in solution.assignments:
        if a.served:
            count[a.slot_id] += 1  # type: ignore[index]  # a held request has its slot
        else:
            slot_id, room = places.get(a.request_id, (None, None))
            if slot_id is not None and room is not None:
                count[slot_id] += 1
    return {s.id for s in instance.slots if count[s.id] > s.rooms}


def solve_day(
    instance: Instance,
    places: Places,
    *,
    time_limit: float,
    num_workers: int = 2,
    progress: Callable[[dict], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[Instance, Solution, dict[int, Assignment]]:
    """The best allocation that leaves every request not held in the room it booked.

    Returns the instance finally solved, its solution and the reserved requests
    (id -> their unserved assignment, with why they are not held). `should_stop` goes to the engine's `solve`; once it
    is true, no further round is solved and the last solution is returned as it is
    (it may then overfill a slot: the caller discards it).
    """
    deadline = time.monotonic() + time_limit
    reserved: dict[int, Assignment] = {}
    current = instance
    while True:
        remaining = max(1.0, deadline - time.monotonic())
        solution = solve(
            current,
            time_limit=remaining,
            num_workers=num_workers,
            progress=progress,
            should_stop=should_stop,
        )
        if solution.objective is None or (should_stop is not None and should_stop()):
            return current, solution, reserved
        full = _overfilled(current, solution, places)
        if not full:
            return current, solution, reserved
        for a in solution.assignments:
            slot_id, room = places.get(a.request_id, (None, None))
            if not a.served and slot_id in full and room is not None:
                reserved[a.request_id] = a
        current = without(instance, reserved, places)


def place_in_rooms(
    solution: Solution,
    reserved: Iterable[int],  # ids of the reserved requests (or a dict keyed by them)
    places: Places,
    taken: dict[int, set[int]],
    rooms_per_slot: int,
) -> dict[int, tuple[int | None, int | None]]:
    """Request id -> (slot, room) once applied. Requests not held keep their place; held
    requests keep their room when they stay in their slot, else take the lowest free one."""
    used: dict[int | None, set[int]] = defaultdict(set)  # held requests: slot never None
    for taken_slot, rooms in taken.items():
        used[int(taken_slot)] |= set(rooms)
    result: dict[int, tuple[int | None, int | None]] = {}
    not_held = [a.request_id for a in solution.assignments if not a.served] + list(reserved)
    for request_id in not_held:
        slot_id, room = places.get(request_id, (None, None))
        result[request_id] = (slot_id, room)
        if slot_id is not None and room is not None:
            used[slot_id].add(room)
    held = sorted((a for a in solution.assignments if a.served), key=lambda a: a.request_id)
    moving = []
    for a in held:
        slot_id, room = places.get(a.request_id, (None, None))
        if slot_id == a.slot_id and room is not None and room not in used[a.slot_id]:
            used[a.slot_id].add(room)
            result[a.request_id] = (a.slot_id, room)
        else:
            moving.append(a)
    for a in moving:
        free = [r for r in range(1, rooms_per_slot + 1) if r not in used[a.slot_id]]
        if not free:
            raise ValueError(f"no room left in slot {a.slot_id} for request {a.request_id}")
        used[a.slot_id].add(free[0])
        result[a.request_id] = (a.slot_id, free[0])
    return result


def make_plan(
    instance: Instance,
    solution: Solution,
    reserved: dict[int, Assignment],
    places: Places,
    taken: dict[int, set[int]],
    rooms_per_slot: int,
) -> dict:
    """The JSON-ready proposal: solver figures, the engine's solution and each request's place."""
    rooms = place_in_rooms(solution, reserved, places, taken, rooms_per_slot)
    requests: list[dict[str, Any]] = []
    for a in solution.assignments:
        slot_id, room = rooms[a.request_id]
        requests.append(
            {
                "booking": a.request_id,
                "served": a.served,
                "slot": slot_id,
                "room": room,
                "panel": [
                    {
                        "analyst": s.analyst_id,
                        "score": s.score,
                        "why": s.why,
                        "why_parts": s.why_parts,
                    }
                    for s in a.panel
                ],
                "reason": a.reason,
                "reason_parts": a.reason_parts,
            }
        )
    for request_id, left in sorted(reserved.items()):
        slot_id, room = rooms[request_id]
        requests.append(
            {
                "booking": request_id,
                "served": False,
                "slot": slot_id,
                "room": room,
                "panel": [],
                "reason": left.reason,
                "reason_parts": left.reason_parts,
            }
        )
    requests.sort(key=lambda r: r["booking"])
    return {
        "status": solution.status,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap_pct": solution.gap_pct,
        "wall_s": round(solution.wall_s, 3),
        "message": solution.message,
        "message_parts": solution.message_parts,
        "figures": figures(instance, solution),
        "reserved": sorted(reserved),
        "solution": solution_to_dict(solution),
        "requests": requests,
    }


def solution_from_plan(plan: dict) -> Solution:
    """The engine's solution stored in `plan`, for the hard-constraint check."""
    data = plan["solution"]
    assignments = [
        Assignment(
            request_id=a["request_id"],
            slot_id=a.get("slot_id"),
            room=a.get("room"),
            panel=[
                Seat(s["analyst_id"], s["score"], s["why"], s.get("why_parts", ()))
                for s in a.get("panel", [])
            ],
            reason=a.get("reason", ""),
            reason_parts=a.get("reason_parts", ()),
        )
        for a in data["assignments"]
    ]
    return Solution(
        assignments,
        data["status"],
        method=data.get("method", "biafed"),
        objective=data.get("objective"),
        bound=data.get("bound"),
        gap_pct=data.get("gap_pct"),
        wall_s=data.get("wall_s", 0.0),
        message=data.get("message", ""),
        message_parts=data.get("message_parts", ()),
    )


def json_places(places: Places) -> dict:
    return {str(k): [s, r] for k, (s, r) in places.items()}


def places_from_json(data: dict) -> Places:
    return {int(k): (v[0], v[1]) for k, v in data.items()}
