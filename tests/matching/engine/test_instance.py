"""The JSON instance format: round trip, defaults and clear errors."""

import json
from pathlib import Path

import pytest

from biafed.matching.engine import generate, instance_to_dict, solve
from biafed.matching.engine.instance import (
    InstanceError,
    Parameters,
    dump_instance,
    dumps_instance,
    instance_from_dict,
    load_instance,
    loads_instance,
    validate,
)

from .helpers import MORNING, NOON, analyst, instance, request

MINIMAL = {
    "slots": [{"id": 1, "rooms": 2}],
    "requests": [{"id": 1, "allowed_slots": [1]}],
    "analysts": [{"id": 7, "site": 1, "institution": "EMBL", "available_slots": [1]}],
}


def errors_of(data) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        instance_from_dict(data)
    return caught.value.errors


def test_a_generated_instance_survives_a_json_round_trip(tmp_path):
    original = generate(12, 9, slots=4, days=2, seed=3)

    dump_instance(original, tmp_path / "day.json")

    assert load_instance(tmp_path / "day.json") == original
    assert loads_instance(dumps_instance(original, indent=None)) == original


def test_a_minimal_instance_takes_the_documented_defaults():
    inst = instance_from_dict(MINIMAL)

    assert inst.parameters == Parameters(panel_min=2, panel_max=3, top_k=8)
    (r,) = inst.requests
    assert (r.preferred_slots, r.primary_tool, r.pinned_slot, r.conflicts) == (
        {},
        None,
        None,
        frozenset(),
    )
    (a,) = inst.analysts
    assert (a.daily_cap, a.accepted_rules, a.past_load, a.held_sessions) == (3, True, 0, {})


def test_the_documented_example_loads():
    text = (Path(__file__).parents[3] / "docs" / "allocation.md").read_text(encoding="utf-8")
    example = text.split("```json\n", 1)[1].split("```", 1)[0]

    inst = loads_instance(example)

    assert inst.term_names[3] == "Cellpose"
    assert inst.requests[0].preferred_slots == {10: 1.0, 11: 0.5}
    assert inst.analysts[0].expertise == {1: "expert", 3: "expert"}
    solution = solve(inst, time_limit=5)
    assert solution.status == "optimal"
    assert [s.analyst_id for s in solution.assignment(501).panel] == [7, 9]


def test_type_errors_name_the_field_and_what_was_found():
    data = json.loads(json.dumps(MINIMAL))
    data["requests"][0]["allowed_slots"] = "1"
    data["requests"][0]["colour"] = "blue"
    data["analysts"][0]["site"] = True
    data["analysts"][0]["expertise"] = {"x": "expert"}
    data["parameters"] = {"panel_min": 2.5}

    assert errors_of(data) == [
        "parameters.panel_min: must be an integer, not the number 2.5",
        "requests[0]: unknown field 'colour' (expected one of allowed_slots, conflicts, id, "
        "institution, label, language, main_need, need_words, needs, pinned_analysts, "
        "pinned_slot, preferred_slots, primary_tool, terms, text)",
        "requests[0].allowed_slots: must be a list of integers, not the string '1'",
        "analysts[0].site: must be an integer, not true",
        "analysts[0].expertise: key 'x' must be an integer id written as a string",
    ]


def test_missing_fields_and_bad_json_are_reported():
    assert errors_of({"slots": [{"id": 1}], "requests": [{}]}) == [
        "slots[0]: missing field 'rooms'",
        "requests[0]: missing field 'id'",
        "requests[0]: missing field 'allowed_slots'",
    ]
    with pytest.raises(InstanceError, match="not valid JSON"):
        loads_instance("{")
    assert errors_of([]) == ["instance: must be an object, not a list"]
    assert errors_of({**MINIMAL, "format": "other/2"}) == [
        "instance.format: expected 'biafed-allocation/1', not 'other/2'"
    ]


def test_references_and_ranges_are_validated():
    inst = instance(
        [
            request(
                1,
                MORNING,
                99,
                preferred_slots={NOON: 2.0},
                pinned_slot=98,
                conflicts={50},
                pinned_analysts={1, 2, 3, 4},
            ),
            request(1, MORNING),
        ],
        [
            analyst(1, daily_cap=-1, expertise={1: "guru"}, held_sessions={"tue": 1}),
            analyst(2),
            analyst(3),
            analyst(4),
        ],
        panel_min=3,
        panel_max=2,
        top_k=1,
    )

    assert validate(inst) == [
        "parameters.panel_max: must be at least panel_min (3), not 2",
        "parameters.top_k: must be at least panel_max (2), not 1",
        "requests: id 1 appears more than once",
        "requests[0] (id 1).allowed_slots: slot 99 is not a slot of the instance",
        "requests[0] (id 1).preferred_slots: slot 11 is not among allowed_slots",
        "requests[0] (id 1).preferred_slots: weight of slot 11 must be between 0 and 1, not 2.0",
        "requests[0] (id 1).pinned_slot: slot 98 is not a slot of the instance",
        "requests[0] (id 1).conflicts: analyst 50 is not an analyst of the instance",
        "requests[0] (id 1).pinned_analysts: 4 analysts pinned, more than panel_max (2)",
        "analysts[0] (id 1).daily_cap: must be 0 or more, not -1",
        "analysts[0] (id 1).expertise: level of term 1 must be one of expert, advise, not 'guru'",
        "analysts[0] (id 1).held_sessions: day 'tue' has no slot in the instance",
    ]


def test_the_error_message_lists_every_problem():
    error = InstanceError(["a: wrong", "b: wrong too"])

    assert str(error) == "invalid allocation instance:\n  - a: wrong\n  - b: wrong too"


def test_free_text_of_requests_and_analysts_round_trips():
    data = json.loads(json.dumps(MINIMAL))
    data["requests"][0]["text"] = "nuclei in 3D organoids"
    data["analysts"][0]["text"] = "I track cells in light-sheet movies"

    again = loads_instance(dumps_instance(instance_from_dict(data)))

    assert again.requests[0].text == "nuclei in 3D organoids"
    assert again.analysts[0].text == "I track cells in light-sheet movies"


def test_the_text_scorer_is_a_parameter_of_the_instance():
    chosen = instance_from_dict({**MINIMAL, "parameters": {"text_scorer": "embedding"}})

    assert chosen.parameters.text_scorer == "embedding"
    assert instance_to_dict(chosen)["parameters"]["text_scorer"] == "embedding"
    assert instance_from_dict(MINIMAL).parameters.text_scorer == "bm25"
    assert errors_of({**MINIMAL, "parameters": {"text_scorer": "magic"}}) == [
        "parameters.text_scorer: expected one of bm25, embedding, not 'magic'"
    ]
