"""The exact model, one hard constraint (or objective tier) at a time, on tiny instances."""

from biafed.matching.engine import objective_of, solve, violations

from .helpers import (
    AFTERNOON,
    FIJI,
    MORNING,
    NAPARI,
    NOON,
    SEG,
    TRACK,
    analyst,
    experts,
    held,
    instance,
    panel,
    request,
    slot,
)


def run(inst, **kwargs):
    solution = solve(inst, time_limit=5, **kwargs)
    assert violations(inst, solution) == []
    assert solution.status == "optimal"
    assert solution.objective == objective_of(inst, solution).value(inst)
    assert (solution.bound, solution.gap_pct) == (solution.objective, 0.0)
    return solution


# --- Requests, slots and rooms ----------------------------------------------------------------


def test_a_request_is_held_once_with_its_best_panel_and_a_room():
    inst = instance(
        [request(1, MORNING, NOON)],
        [analyst(1, expertise={SEG: "advise"}), *experts(2, 3), analyst(4)],
    )

    solution = run(inst)

    a = solution.assignment(1)
    assert a.slot_id in (MORNING, NOON) and a.room == 1
    assert panel(solution, 1) == [2, 3, 1]
    assert [s.why for s in a.panel] == [
        "matched: segmentation (expert)",
        "matched: segmentation (expert)",
        "matched: segmentation",
    ]
    assert a.panel[0].score == 0.9


def test_no_more_requests_in_a_slot_than_rooms_and_rooms_numbered_from_one():
    inst = instance(
        [request(i, MORNING) for i in (1, 2, 3)],
        experts(*range(1, 10)),
        slots=[slot(MORNING, rooms=2)],
    )

    solution = run(inst)

    assert sorted(a.room for a in solution.assignments if a.served) == [1, 2]
    (unserved,) = [a for a in solution.assignments if not a.served]
    assert unserved.reason == "not enough rooms: slot 10 full"


def test_a_slot_without_rooms_is_never_used():
    inst = instance([request(1, MORNING)], experts(1, 2), slots=[slot(MORNING, rooms=0)])

    solution = run(inst)

    assert solution.assignment(1).reason == "no room in any allowed slot"


def test_requests_move_to_another_allowed_slot_to_be_served():
    inst = instance(
        [request(1, MORNING), request(2, MORNING, NOON)],
        experts(1, 2, 3, 4),
        slots=[slot(MORNING, rooms=1), slot(NOON, rooms=1)],
    )

    solution = run(inst)

    assert (held(solution, 1), held(solution, 2)) == (MORNING, NOON)


def test_a_request_is_never_held_outside_its_allowed_slots():
    inst = instance([request(1, MORNING)], experts(1, 2, slots=(NOON,)))

    solution = run(inst)

    assert held(solution, 1) is None
    assert solution.assignment(1).reason == "no eligible analyst available in any allowed slot"


def test_preferred_slot_wins_when_panels_are_equal():
    inst = instance(
        [request(1, MORNING, NOON, AFTERNOON, preferred_slots={AFTERNOON: 1.0, NOON: 0.5})],
        experts(1, 2),
    )

    assert held(run(inst), 1) == AFTERNOON


# --- Panels -----------------------------------------------------------------------------------


def test_panel_size_is_between_panel_min_and_panel_max():
    inst = instance([request(1, MORNING)], experts(1, 2, 3, 4, 5), panel_max=2)

    assert len(panel(run(inst), 1)) == 2


def test_too_few_analysts_for_panel_min_leaves_the_request_unserved_with_the_reason():
    inst = instance([request(1, MORNING)], experts(1, 2), panel_min=3)

    solution = run(inst)

    assert held(solution, 1) is None
    assert solution.assignment(1).reason == (
        "fewer than 3 eligible analysts from different sites available in any allowed slot"
    )


def test_panel_is_filled_to_panel_min_even_without_any_match():
    inst = instance([request(1, MORNING, terms=(TRACK,))], [analyst(1), analyst(2)])

    solution = run(inst)

    assert sorted(panel(solution, 1)) == [1, 2]
    assert {s.why for s in solution.assignment(1).panel} == {"no expertise term matched"}


def test_an_analyst_sits_on_one_panel_per_slot():
    inst = instance([request(1, MORNING), request(2, MORNING)], experts(1, 2, 3, 4))

    solution = run(inst)

    assert set(panel(solution, 1)) & set(panel(solution, 2)) == set()
    assert len(panel(solution, 1)) == len(panel(solution, 2)) == 2


def test_the_daily_cap_counts_sessions_already_held():
    inst = instance(
        [request(1, MORNING), request(2, NOON), request(3, AFTERNOON)],
        [
            analyst(1, expertise={SEG: "expert"}, daily_cap=3, held_sessions={"": 2}),
            analyst(2, expertise={SEG: "advise"}),
            analyst(3, expertise={SEG: "advise"}),
        ],
    )

    solution = run(inst)

    seats = [a for r in (1, 2, 3) for a in panel(solution, r)]
    assert seats.count(1) == 1
    assert all(a.served for a in solution.assignments)


def test_the_daily_cap_is_per_day():
    inst = instance(
        [request(1, MORNING), request(2, NOON)],
        [analyst(1, daily_cap=1), analyst(2, daily_cap=1)],
        slots=[slot(MORNING, day="mon"), slot(NOON, day="tue")],
    )

    solution = run(inst)

    assert (held(solution, 1), held(solution, 2)) == (MORNING, NOON)


def test_a_zero_cap_left_leaves_the_analyst_out():
    inst = instance(
        [request(1, MORNING)],
        [analyst(1, held_sessions={"": 3}), analyst(2), analyst(3)],
    )

    assert sorted(panel(run(inst), 1)) == [2, 3]


def test_at_most_one_panelist_per_site():
    inst = instance(
        [request(1, MORNING)],
        [*experts(1, 2, site=7), analyst(3, site=8, expertise={SEG: "advise"})],
    )

    solution = run(inst)

    assert sorted(panel(solution, 1)) in ([1, 3], [2, 3])


def test_a_single_site_cannot_make_a_panel():
    inst = instance([request(1, MORNING)], experts(1, 2, 3, site=7))

    solution = run(inst)

    assert solution.assignment(1).reason == (
        "fewer than 2 eligible analysts from different sites available in any allowed slot"
    )


# --- Eligibility ------------------------------------------------------------------------------


def test_never_an_analyst_from_the_requesters_institution_in_a_conflict_or_without_the_rules():
    inst = instance(
        [request(1, MORNING, institution="institut curie ", conflicts={2})],
        [
            *experts(1, institution=" Institut Curie"),
            *experts(2),
            *experts(3, accepted_rules=False),
            analyst(4),
            analyst(5),
        ],
    )

    assert sorted(panel(run(inst), 1)) == [4, 5]


def test_nobody_eligible_is_said_so():
    inst = instance([request(1, MORNING, conflicts={1, 2})], experts(1, 2))

    assert run(inst).assignment(1).reason.startswith("no eligible analyst (")


# --- Primary tool -----------------------------------------------------------------------------


def test_a_panelist_knows_the_primary_tool_when_an_available_analyst_does():
    wanted = request(1, MORNING, terms=(SEG, TRACK), primary_tool=NAPARI)
    inst = instance(
        [wanted],
        [
            analyst(1, expertise={SEG: "expert", TRACK: "expert"}),
            analyst(2, expertise={SEG: "expert", TRACK: "expert"}),
            analyst(3, expertise={NAPARI: "advise"}),
            analyst(4, expertise={SEG: "expert", TRACK: "expert"}),
        ],
        panel_max=2,
    )

    assert 3 in panel(run(inst), 1)


def test_the_primary_tool_is_not_required_when_its_only_holder_cannot_sit():
    wanted = request(1, MORNING, primary_tool=FIJI)
    inst = instance(
        [wanted],
        [
            analyst(1, expertise={FIJI: "expert"}, slots=(NOON,)),
            analyst(2, expertise={FIJI: "expert"}, held_sessions={"": 3}),
            analyst(3, expertise={FIJI: "expert"}, institution="Same"),
            analyst(4),
            analyst(5),
        ],
    )
    inst = instance(
        [request(1, MORNING, primary_tool=FIJI, institution="same")], list(inst.analysts)
    )

    assert sorted(panel(run(inst), 1)) == [4, 5]


def test_a_busy_tool_holder_pushes_the_request_to_another_slot_or_out():
    # Analyst 1 is the only napari user; both requests want napari in the morning.
    inst = instance(
        [request(1, MORNING, primary_tool=NAPARI), request(2, MORNING, primary_tool=NAPARI)],
        [analyst(1, expertise={NAPARI: "expert"}), analyst(2), analyst(3), analyst(4)],
    )

    solution = run(inst)

    assert sum(a.served for a in solution.assignments) == 1
    (unserved,) = [a for a in solution.assignments if not a.served]
    assert "other panels" in unserved.reason


# --- Pins -------------------------------------------------------------------------------------


def test_a_pinned_slot_overrides_the_allowed_slots():
    inst = instance(
        [request(1, MORNING, pinned_slot=AFTERNOON)],
        experts(1, 2, 3),
    )

    assert held(run(inst), 1) == AFTERNOON


def test_a_pinned_request_is_not_held_elsewhere():
    inst = instance(
        [request(1, MORNING, NOON, pinned_slot=MORNING)],
        experts(1, 2, slots=(NOON,)),
    )

    solution = run(inst)

    assert held(solution, 1) is None
    assert solution.assignment(1).reason == "no eligible analyst available in its pinned slot"


def test_pinned_analysts_sit_even_with_a_low_affinity():
    inst = instance(
        [request(1, MORNING, pinned_analysts={9})],
        [*experts(1, 2, 3, 4), analyst(9)],
        panel_max=2,
    )

    assert 9 in panel(run(inst), 1)


def test_a_pinned_analyst_who_is_not_eligible_is_reported():
    inst = instance(
        [request(1, MORNING, pinned_analysts={1}, conflicts={1})],
        [analyst(1, name="Ada"), analyst(2), analyst(3)],
    )

    solution = run(inst)

    assert (
        solution.assignment(1).reason == "pinned analyst Ada (1) is a declared conflict of interest"
    )


def test_a_pinned_request_keeps_its_room_against_a_better_matched_one():
    inst = instance(
        [
            request(1, MORNING, terms=(TRACK,), pinned_slot=MORNING),
            request(2, MORNING, terms=(SEG,)),
        ],
        experts(1, 2, 3),
        slots=[slot(MORNING, rooms=1)],
    )

    solution = run(inst)

    assert (held(solution, 1), held(solution, 2)) == (MORNING, None)


# --- Objective tiers --------------------------------------------------------------------------


def test_serving_more_requests_beats_better_panels():
    # One strong panel for request 1 would use analysts 1-3 in the morning; serving both
    # requests in the only slot needs two panels of two.
    inst = instance(
        [request(1, MORNING), request(2, MORNING, terms=(TRACK,))],
        [*experts(1, 2, 3), analyst(4)],
        slots=[slot(MORNING)],
    )

    solution = run(inst)

    assert all(a.served for a in solution.assignments)
    assert sorted(len(a.panel) for a in solution.assignments) == [2, 2]


def test_fairness_prefers_analysts_with_a_lighter_past_load():
    inst = instance(
        [request(1, MORNING)],
        [*experts(1, 2, past_load=5), *experts(3, 4, past_load=4), *experts(5, 6, past_load=0)],
        panel_max=2,
    )

    solution = run(inst)

    assert sorted(panel(solution, 1)) == [5, 6]


def test_top_k_limits_the_candidates_to_the_best_by_affinity():
    inst = instance(
        [request(1, MORNING)],
        [analyst(1), analyst(2), *experts(3, 4)],
        panel_max=2,
        top_k=2,
    )

    assert sorted(panel(run(inst), 1)) == [3, 4]


def test_an_empty_instance_is_solved():
    solution = run(instance([], []))

    assert solution.assignments == [] and solution.objective == 0


def test_progress_is_reported_with_each_solution():
    reports = []
    inst = instance([request(1, MORNING), request(2, NOON)], experts(1, 2, 3))

    solution = run(inst, progress=reports.append)

    assert reports and set(reports[-1]) == {"objective", "bound", "wall_s", "gap_pct", "stage"}
    assert (reports[-1]["objective"], reports[-1]["bound"]) == (solution.objective,) * 2
    assert reports[-1]["gap_pct"] == 0.0
    assert all(r["bound"] >= solution.objective for r in reports)


# --- Parts, candidates per slot, tiers --------------------------------------------------------


def test_days_that_no_request_joins_are_solved_apart_and_together_stay_optimal():
    two_days = [slot(MORNING, day="mon"), slot(NOON, day="tue")]
    apart = instance(
        [request(1, MORNING), request(2, NOON)],
        [analyst(1, daily_cap=1), analyst(2, daily_cap=1), analyst(3, daily_cap=1)],
        slots=two_days,
    )
    joined = instance(
        [request(1, MORNING, NOON), request(2, NOON)], list(apart.analysts), slots=two_days
    )

    assert run(apart).parts == 2
    assert run(joined).parts == 1


def test_each_slot_brings_its_own_best_candidates():
    # The two best analysts only come in the morning; the request may also be held at noon,
    # where its best two among those present are candidates too.
    from biafed.matching.engine.candidates import candidates

    inst = instance(
        [request(1, MORNING, NOON)],
        [*experts(1, 2, slots=(MORNING,)), *experts(3, 4, term=TRACK, slots=(NOON,))],
        top_k=2,
    )

    assert sorted(candidates(inst).by_request[1]) == [1, 2, 3, 4]


def test_every_tier_is_reported_and_proven_when_optimal():
    inst = instance([request(1, MORNING), request(2, NOON)], experts(1, 2, 3))

    solution = run(inst)

    assert list(solution.tiers) == ["pinned", "served", "affinity", "max_load", "spread"]
    assert all(t.proven and t.value == t.bound for t in solution.tiers.values())
    assert solution.tiers["served"].value == 2
    assert solution.gap_tier == ""


def test_a_short_time_limit_still_gives_a_valid_solution_and_an_honest_bound():
    from biafed.matching.engine.generate import generate

    inst = generate(80, 40, slots=6, rooms=6, availability=(0.5, 0.8), seed=11)

    solution = solve(inst, time_limit=0.3)

    assert violations(inst, solution) == []
    assert solution.status in ("optimal", "feasible")
    assert solution.bound >= solution.objective
    assert solution.gap_pct >= 0
    for tier, result in solution.tiers.items():
        if tier in ("max_load", "spread"):
            assert result.bound <= result.value
        else:
            assert result.bound >= result.value
    if solution.status == "feasible":
        assert not solution.tiers[solution.gap_tier].proven
