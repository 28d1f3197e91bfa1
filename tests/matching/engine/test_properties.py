"""Properties on random instances: no solution breaks a hard constraint, and on tiny
instances the solver's objective is the optimum found by enumerating every solution."""

import random
from collections import Counter
from itertools import combinations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from biafed.matching.engine import (
    Analyst,
    Assignment,
    Instance,
    Parameters,
    Request,
    Seat,
    Slot,
    Solution,
    generate,
    greedy,
    objective_of,
    solve,
    violations,
)
from biafed.matching.engine.candidates import candidates
from biafed.matching.engine.model import build_space, split_parts
from biafed.matching.engine.warmstart import warm_start

SETTINGS = settings(
    database=None,  # no .hypothesis folder in the working tree
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
TERMS = {1: "segmentation", 2: "tracking", 3: "napari"}


@st.composite
def tiny_instances(draw, max_requests=4, max_analysts=5, max_slots=2) -> Instance:
    """Small random instances from a seed that hypothesis draws.

    (Its own strategies favour extreme values, which leaves most requests without a
    slot or an analyst and tests little; a seeded `random.Random` is uniform.)
    """
    rnd = random.Random(draw(st.integers(0, 2**32)))

    def rarely() -> bool:
        return rnd.random() < 0.1

    def some_of(ids) -> frozenset:
        return frozenset(i for i in ids if not rarely())

    n_slots = rnd.randint(1, max_slots)
    two_days = rnd.random() < 0.3
    slots = [
        Slot(
            id=t,
            rooms=0 if rarely() else rnd.choice([1, 2]),
            day="d2" if two_days and t == 2 else "d1",
        )
        for t in range(1, n_slots + 1)
    ]
    slot_ids = [s.id for s in slots]
    days = sorted({s.day for s in slots})
    analysts = [
        Analyst(
            id=a,
            site=rnd.choice([a, a, a, 1, 2]),
            institution=rnd.choice([f"I{a}", f"I{a}", f"I{a}", "A", "B"]),
            available_slots=some_of(slot_ids),
            daily_cap=0 if rarely() else rnd.choice([1, 2, 2]),
            accepted_rules=not rarely(),
            expertise={
                t: rnd.choice(["expert", "advise"]) for t in sorted(TERMS) if rnd.random() < 0.4
            },
            past_load=rnd.randint(0, 3),
            held_sessions={d: 1 for d in days if rarely()},
        )
        for a in range(1, rnd.randint(max_analysts - 1, max_analysts) + 1)
    ]
    analyst_ids = [a.id for a in analysts]
    requests = []
    for r in range(1, rnd.randint(1, max_requests) + 1):
        allowed = some_of(slot_ids)
        pinned = rarely()
        requests.append(
            Request(
                id=r,
                allowed_slots=allowed,
                preferred_slots={t: rnd.choice([0.5, 1.0]) for t in sorted(allowed) if rarely()},
                primary_tool=rnd.choice([None, *sorted(TERMS)]),
                terms=frozenset(t for t in TERMS if rnd.random() < 0.4),
                institution=rnd.choice(["R", "R", "A", "B"]),
                conflicts=frozenset(a for a in analyst_ids if rnd.random() < 0.1),
                pinned_slot=rnd.choice(slot_ids) if pinned and rnd.random() < 0.5 else None,
                pinned_analysts=(
                    frozenset(rnd.sample(analyst_ids, 1)) if pinned and analyst_ids else frozenset()
                ),
            )
        )
    panel_min = rnd.choice([2, 2, 1])
    return Instance(
        slots=tuple(slots),
        requests=tuple(requests),
        analysts=tuple(analysts),
        parameters=Parameters(panel_min=panel_min, panel_max=rnd.randint(panel_min, 3), top_k=8),
        term_names=TERMS,
    )


def brute_force(instance: Instance) -> tuple[int, Solution]:
    """The best objective over every solution, enumerated request by request."""
    p = instance.parameters
    slots = instance.slot_by_id
    analysts = instance.analyst_by_id
    unserved = [Assignment(r.id) for r in instance.requests]

    def alone(r_index: int, assignment: Assignment) -> bool:
        trial = list(unserved)
        trial[r_index] = assignment
        return not violations(instance, Solution(trial, "feasible"))

    options = []
    for i, r in enumerate(instance.requests):
        mine = [None]
        for t in slots:
            for size in range(p.panel_min, p.panel_max + 1):
                for panel in combinations(sorted(analysts), size):
                    candidate = Assignment(r.id, t, 1, [Seat(a, 0.0, "") for a in panel])
                    if alone(i, candidate):
                        mine.append((t, panel))
        options.append(mine)

    best: list = [None, None]

    def visit(i: int, chosen: list, busy: set, rooms: Counter, seats: Counter) -> None:
        if i == len(options):
            rooms_given: Counter = Counter()
            assignments = []
            for r, option in zip(instance.requests, chosen, strict=True):
                if option is None:
                    assignments.append(Assignment(r.id))
                    continue
                t, panel = option
                rooms_given[t] += 1
                assignments.append(
                    Assignment(r.id, t, rooms_given[t], [Seat(a, 0.0, "") for a in panel])
                )
            solution = Solution(assignments, "feasible")
            value = objective_of(instance, solution).value(instance)
            if best[0] is None or value > best[0]:
                best[:] = [value, solution]
            return
        for option in options[i]:
            if option is None:
                visit(i + 1, [*chosen, None], busy, rooms, seats)
                continue
            t, panel = option
            day = slots[t].day
            if rooms[t] >= slots[t].rooms or any((a, t) in busy for a in panel):
                continue
            if any(
                seats[a, day] + 1 + analysts[a].held_sessions.get(day, 0) > analysts[a].daily_cap
                for a in panel
            ):
                continue
            rooms[t] += 1
            for a in panel:
                seats[a, day] += 1
            visit(i + 1, [*chosen, option], busy | {(a, t) for a in panel}, rooms, seats)
            rooms[t] -= 1
            for a in panel:
                seats[a, day] -= 1

    visit(0, [], set(), Counter(), Counter())
    return best[0], best[1]


@SETTINGS
@given(tiny_instances())
def test_every_solution_satisfies_every_hard_constraint(instance):
    solution = solve(instance, time_limit=5)

    assert solution.status == "optimal"
    assert violations(instance, solution) == []
    assert solution.objective == objective_of(instance, solution).value(instance)
    assert all(a.reason for a in solution.assignments if not a.served)
    held = [a for a in solution.assignments if a.served]
    assert all(a.room is not None and len(a.panel) >= 1 for a in held)


@SETTINGS
@given(tiny_instances())
def test_the_objective_is_the_brute_force_optimum(instance):
    solution = solve(instance, time_limit=5)
    optimum, witness = brute_force(instance)

    event(f"served {sum(a.served for a in solution.assignments)} of {len(instance.requests)}")
    assert violations(instance, witness) == []
    assert solution.objective == optimum


@settings(database=None, deadline=None, max_examples=12, suppress_health_check=list(HealthCheck))
@given(
    seed=st.integers(0, 10_000),
    n_requests=st.integers(1, 14),
    n_analysts=st.integers(2, 12),
    n_slots=st.integers(1, 4),
    availability=st.sampled_from([0.5, 0.8]),
)
def test_generated_instances_have_no_violation_and_beat_a_valid_greedy(
    seed, n_requests, n_analysts, n_slots, availability
):
    instance = generate(
        n_requests, n_analysts, slots=n_slots, rooms=2, availability=availability, seed=seed
    )

    solution = solve(instance, time_limit=5)
    baseline = greedy(instance)

    assert solution.status in ("optimal", "feasible")
    assert violations(instance, solution) == []
    if not violations(instance, baseline) and solution.status == "optimal":
        assert baseline.objective <= solution.objective


@SETTINGS
@given(tiny_instances(max_requests=6, max_analysts=7, max_slots=3))
def test_the_warm_start_breaks_no_hard_constraint(instance):
    cands = candidates(instance)
    space = build_space(instance, cands)
    chosen = {}
    for ids in split_parts(instance, space):
        chosen.update(warm_start(instance, space, cands, ids))
    rooms: Counter = Counter()
    assignments = []
    for r in instance.requests:
        if r.id not in chosen:
            assignments.append(Assignment(r.id))
            continue
        t, panel = chosen[r.id]
        rooms[t] += 1
        assignments.append(Assignment(r.id, t, rooms[t], [Seat(a, 0.0, "") for a in panel]))

    assert violations(instance, Solution(assignments, "feasible")) == []
