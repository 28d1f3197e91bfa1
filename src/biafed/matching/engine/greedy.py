"""The greedy baseline: the former ranker (`ranker`), run day by day, as a `Solution`.

The ranker knows neither declared conflicts, nor the primary-tool rule, nor
pinned analysts: `check.violations` reports what it breaks, which is the point
of a baseline scored on the same hard constraints.
"""

import time
from collections import defaultdict
from collections.abc import Callable

from biafed.matching.engine import ranker
from biafed.matching.engine.affinity import affinity, vocabulary_of
from biafed.matching.engine.instance import Instance, Request, check
from biafed.matching.engine.solution import Assignment, Seat, Solution, objective_of


def _preferred_first(request: Request, order: dict[int, int]) -> Callable[[int], tuple[float, int]]:
    """Sort key of `request`'s slots: most preferred first, then in slot order."""
    return lambda t: (-request.preferred_slots.get(t, 0.0), order[t])


def greedy(instance: Instance) -> Solution:
    start = time.perf_counter()
    check(instance)
    p = instance.parameters
    order = {s.id: i for i, s in enumerate(instance.slots)}
    days: dict[str, list[int]] = defaultdict(list)
    for s in instance.slots:
        days[s.day].append(s.id)
    placed: dict[int, ranker.Proposal] = {}
    last_reason: dict[int, str] = {}
    for day, day_slots in days.items():
        here = set(day_slots)
        todo = []
        for r in instance.requests:
            if r.id in placed:
                continue
            options = [t for t in instance.slots_of(r) if t in here]
            if not options:
                continue
            options.sort(key=_preferred_first(r, order))
            terms = set(r.terms) | ({r.primary_tool} if r.primary_tool is not None else set())
            todo.append(
                ranker.Request(
                    id=r.id,
                    slot_options=tuple(options),
                    terms=frozenset(terms),
                    institution=r.institution,
                    language=r.language,
                    pinned_slot=r.pinned_slot,
                )
            )
        if not todo:
            continue
        analysts = [
            ranker.Analyst(
                id=a.id,
                site=a.site,
                institution=a.institution,
                available_slots=frozenset(a.available_slots & here),
                expertise=dict(a.expertise),
                languages=a.languages,
                daily_cap=a.daily_cap,
                accepted_rules=a.accepted_rules,
                name=a.name,
            )
            for a in instance.analysts
        ]
        proposals = ranker.allocate(
            todo,
            analysts,
            {t: instance.slot(t).rooms for t in day_slots},
            instance.term_names,
            panel_min=p.panel_min,
            panel_max=p.panel_max,
            initial_load={a.id: a.held_sessions.get(day, 0) for a in instance.analysts},
        )
        for proposal in proposals:
            if proposal.slot_id is not None:
                placed[proposal.request_id] = proposal
            else:
                last_reason[proposal.request_id] = proposal.reason

    requests = instance.request_by_id
    analysts_by_id = instance.analyst_by_id
    vocabulary = vocabulary_of(instance)
    rooms: dict[int, int] = defaultdict(int)
    assignments = []
    for r in instance.requests:
        held = placed.get(r.id)
        if held is None or held.slot_id is None:
            reason = last_reason.get(r.id, "none of its slots is a slot of the instance")
            assignments.append(Assignment(r.id, reason=reason))
            continue
        slot = held.slot_id
        rooms[slot] += 1
        seats = []
        for analyst_id, _score, _why in held.panel:
            score = affinity(
                requests[r.id],
                analysts_by_id[analyst_id],
                instance.term_names,
                vocabulary=vocabulary,
            )
            seats.append(Seat(analyst_id, score.score, score.why, score.why_parts))
        seats.sort(key=lambda s: (-s.score, s.analyst_id))
        assignments.append(Assignment(r.id, slot, rooms[slot], seats))
    solution = Solution(assignments, "heuristic", method="greedy")
    solution.objective = objective_of(instance, solution).value(instance)
    solution.wall_s = time.perf_counter() - start
    return solution
