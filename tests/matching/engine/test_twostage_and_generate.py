"""The two-stage baseline (scored, never crashing) and the seeded instance generator."""

from hypothesis import given

from biafed.matching.engine import (
    PRESETS,
    cli,
    generate,
    instance_to_dict,
    objective_of,
    preset,
    solve,
    violations,
)
from biafed.matching.engine.twostage import panels_by_flow, two_stage

from .helpers import MORNING, NOON, analyst, experts, held, instance, request, slot
from .test_properties import SETTINGS, tiny_instances

# --- Two-stage baseline -----------------------------------------------------------------------


def test_two_stage_gives_a_scored_solution_of_the_same_shape():
    inst = instance(
        [request(1, MORNING), request(2, MORNING, NOON), request(3, MORNING)],
        experts(1, 2, 3, 4, 5, 6),
        slots=[slot(MORNING, rooms=1), slot(NOON, rooms=1)],
    )

    solution = two_stage(inst)

    assert solution.method == "two-stage" and solution.status == "heuristic"
    assert [a.request_id for a in solution.assignments] == [1, 2, 3]
    assert sum(a.served for a in solution.assignments) == 2
    assert violations(inst, solution) == []
    assert solution.objective == objective_of(inst, solution).value(inst)
    (unserved,) = [a for a in solution.assignments if not a.served]
    assert unserved.reason == "no room left in its slots"


def test_two_stage_panels_ignore_time_and_then_find_no_common_slot():
    # The two best analysts are never free at the same time; the joint model pairs
    # each of them with the third.
    inst = instance(
        [request(1, MORNING, NOON)],
        [
            *experts(1, slots=(MORNING,)),
            *experts(2, slots=(NOON,)),
            analyst(3),
        ],
        panel_max=2,
    )

    assert sorted(panels_by_flow(inst)[1]) == [1, 2]
    baseline = two_stage(inst)
    assert held(baseline, 1) is None
    assert baseline.assignment(1).reason == (
        "its panel members are never free together in one of its slots"
    )
    assert held(solve(inst, time_limit=5), 1) in (MORNING, NOON)


def test_two_stage_seats_an_analyst_on_two_panels_that_then_clash():
    # Ignoring time, the four analysts have two seats each (two slots); both requests are
    # in the morning, where each analyst can sit once.
    inst = instance(
        [request(1, MORNING), request(2, MORNING)],
        experts(1, 2, 3, 4),
        slots=[slot(MORNING), slot(NOON)],
    )

    baseline = two_stage(inst)

    assert [len(a.panel) for a in baseline.assignments] == [3, 0]
    assert baseline.assignment(2).reason == (
        "its panel members are never free together in one of its slots"
    )
    assert [len(a.panel) for a in solve(inst, time_limit=5).assignments] == [2, 2]


@SETTINGS
@given(tiny_instances())
def test_two_stage_never_crashes_and_breaks_only_what_it_cannot_see(inst):
    solution = two_stage(inst)

    assert [a.request_id for a in solution.assignments] == [r.id for r in inst.requests]
    assert solution.objective == objective_of(inst, solution).value(inst)
    assert all(a.reason for a in solution.assignments if not a.served)
    for problem in violations(inst, solution):
        assert "primary tool" in problem or "pinned analyst" in problem, problem


def test_cli_two_stage_method(tmp_path, capsys):
    path = tmp_path / "instance.json"
    from biafed.matching.engine.instance import dump_instance

    dump_instance(instance([request(1, MORNING)], experts(1, 2)), path)

    assert cli.main([str(path), "--method", "two-stage"]) == 0
    assert "method             two-stage" in capsys.readouterr().out


# --- Generator --------------------------------------------------------------------------------


def test_presets_have_their_documented_sizes():
    sizes = {
        name: (len(i.requests), len(i.analysts), len(i.slots), i.slots[0].rooms, days)
        for name in PRESETS
        for i in [preset(name)]
        for days in [len({s.day for s in i.slots})]
    }

    assert sizes == {
        "fbias-day": (24, 20, 6, 3, 1),
        "national-day": (200, 100, 8, 20, 1),
        "continental-week": (2_000, 500, 40, 40, 5),
        "stress": (20_000, 2_000, 80, 250, 10),
    }


def test_the_same_seed_gives_the_same_instance_and_another_seed_another():
    first = instance_to_dict(preset("national-day", seed=3))

    assert instance_to_dict(preset("national-day", seed=3)) == first
    assert instance_to_dict(preset("national-day", seed=4)) != first


def test_a_generated_request_keeps_to_one_day_and_analysts_mix_two_availabilities():
    inst = generate(300, 400, slots=16, rooms=5, days=2, availability=(0.5, 0.8), seed=7)
    day = {s.id: s.day for s in inst.slots}

    assert all(len({day[t] for t in r.allowed_slots}) == 1 for r in inst.requests)
    ticked = sum(len(a.available_slots) for a in inst.analysts) / (400 * 16)
    assert 0.55 < ticked < 0.75
    assert any(r.conflicts for r in inst.requests)
    assert {a.daily_cap for a in inst.analysts} == {2, 3, 4}
    assert len({a.site for a in inst.analysts}) > 1
