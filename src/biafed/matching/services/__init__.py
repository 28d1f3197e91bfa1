"""The allocation service: builds engine instances from the database, solves open-desk days
with the allocation engine (`biafed.matching.engine`) and applies the proposals.

- `building`: a day as an engine `Instance` (`build_day`, `request_for`, `analyst_for`);
- `planning`: solving a day so that requests left out keep their rooms, and placing rooms;
- `applying`: a plan written to bookings and panels, all or nothing;
- `runs`: background allocation runs with progress (the allocation page);
- `pins`: the coordinator's pins, kept as constraints when solving again.
"""

from biafed.matching.engine import Message, affinity
from biafed.matching.services.applying import apply_plan
from biafed.matching.services.building import (
    analyst_for,
    build_day,
    request_for,
    term_names,
)
from biafed.matching.services.planning import make_plan, solve_day
from biafed.matching.services.runs import solver_workers, time_limit
from biafed.matching.services.suggestions import vocabulary
from biafed.opendesk.models import Booking, OpenDeskDay
from biafed.people.models import User

__all__ = [
    "affinity_explained",
    "affinity_for",
    "analyst_for",
    "build_day",
    "propose_allocation",
    "request_for",
    "term_names",
]


def affinity_for(booking: Booking, analyst: User) -> tuple[float, str]:
    """The engine's affinity of `analyst` (a user) for `booking`, and its explanation: what
    the allocation page shows, for a panel chosen by hand."""
    score, why, _parts = affinity_explained(booking, analyst)
    return score, why


def affinity_explained(booking: Booking, analyst: User) -> tuple[float, str, Message]:
    """`affinity_for` with the explanation also as translatable pieces (what a
    `PanelMember` stores in `explanation_parts`, see `biafed.matching.explain`)."""
    names = term_names()
    score = affinity(
        request_for(booking),
        analyst_for(analyst, day=booking.day),
        names,
        vocabulary=vocabulary(active_only=False),
    )
    return score.score, score.why, score.why_parts


def propose_allocation(*, coordinator: User, day: OpenDeskDay) -> dict:
    """Solve `day` now and apply the result: every request not yet confirmed gets the best
    slot, room and panel the engine finds (within the configured time limit).

    Confirmed bookings and their panels stay as they are; their analysts and rooms are
    taken out of what the engine may use. Requests it cannot hold keep their place.
    Returns how many were placed and how many need a manual panel.
    """
    snapshot = build_day(day)
    final, solution, reserved = solve_day(
        snapshot.instance,
        snapshot.places,
        time_limit=time_limit(),
        num_workers=solver_workers(),
    )
    plan = make_plan(
        final, solution, reserved, snapshot.places, snapshot.taken, snapshot.rooms_per_slot
    )
    return apply_plan(
        coordinator=coordinator,
        day=day,
        plan=plan,
        expected_versions=snapshot.versions,
        source="proposed by the allocation engine",
    )
