"""The independent checker finds every broken hard constraint in hand-made solutions."""

from biafed.matching.engine import Assignment, Seat, Solution, violations

from .helpers import MORNING, NAPARI, NOON, analyst, instance, request, slot


def seats(*ids):
    return [Seat(i, 0.0, "") for i in ids]


def solution(*assignments):
    return Solution(list(assignments), "feasible")


INST = instance(
    [
        request(1, MORNING, NOON),
        request(2, MORNING, institution="Curie", conflicts={4}),
        request(3, NOON, pinned_slot=MORNING, pinned_analysts={5}),
        request(4, NOON, primary_tool=NAPARI),
    ],
    [
        analyst(1, site=1),
        analyst(2, site=2),
        analyst(3, site=2, institution="CURIE "),
        analyst(4, site=4),
        analyst(5, site=5, accepted_rules=False),
        analyst(6, site=6, daily_cap=1, expertise={NAPARI: "advise"}),
        analyst(7, site=7, slots=(NOON,)),
    ],
    slots=[slot(MORNING, rooms=1), slot(NOON, rooms=2)],
)


def test_a_valid_solution_has_no_violation():
    valid = solution(
        Assignment(1, MORNING, 1, seats(1, 2)),
        Assignment(2),
        Assignment(3),
        Assignment(4, NOON, 1, seats(6, 7)),
    )

    assert violations(INST, valid) == []


def test_missing_duplicate_and_unknown_requests():
    broken = solution(Assignment(1), Assignment(1), Assignment(9), Assignment(3), Assignment(4))

    assert violations(INST, broken) == [
        "request 1: appears 2 times in the solution",
        "request 9: not a request of the instance",
        "request 2: missing from the solution",
    ]


def test_slots_rooms_and_pins():
    broken = solution(
        Assignment(1, MORNING, 1, seats(1, 2)),
        Assignment(2, NOON, 3, seats(1, 7)),
        Assignment(3, NOON, 2, seats(2, 4)),
        Assignment(4, MORNING, 1, seats(6, 4)),
    )

    assert violations(INST, broken) == [
        "request 2: held in slot 11, not one of its allowed slots",
        "request 2: room 3 outside 1..2 in slot 11",
        "request 3: held in slot 11, pinned to slot 10",
        "request 3: pinned analyst 5 is not on the panel",
        "request 4: held in slot 10, not one of its allowed slots",
        "slot 10: 2 requests held, only 1 rooms",
        "slot 10: room 1 given to 2 requests",
    ]


def test_panel_size_sites_eligibility_and_availability():
    broken = solution(
        Assignment(1, MORNING, 1, seats(2, 3, 7, 1)),
        Assignment(2, MORNING, 1, seats(3, 4)),
        Assignment(3, MORNING, 1, seats(5)),
        Assignment(4, NOON, 1, seats(6, 6)),
    )

    found = violations(INST, broken)

    for expected in [
        "request 1: panel of 4, not between 2 and 3",
        "request 1: analyst 7 is not available in slot 10",
        "request 1: 2 panelists from site 2",
        "request 2: analyst 3 is from the requester's institution",
        "request 2: analyst 4 is a declared conflict of interest",
        "request 3: panel of 1, not between 2 and 3",
        "request 3: analyst 5 has not accepted the network rules",
        "request 4: analyst 6 sits 2 times on the panel",
        "analyst 3: on 2 panels in slot 10 (requests [1, 2])",
    ]:
        assert expected in found


def test_primary_tool_and_daily_cap():
    broken = solution(
        Assignment(1, MORNING, 1, seats(6, 1)),
        Assignment(2),
        Assignment(3),
        Assignment(4, NOON, 1, seats(1, 7)),
    )

    assert violations(INST, broken) == [
        "request 4: nobody on the panel knows the primary tool napari, "
        "though an eligible analyst available in slot 11 does",
    ]
    capped = solution(
        Assignment(1, MORNING, 1, seats(6, 1)),
        Assignment(2),
        Assignment(3),
        Assignment(4, NOON, 1, seats(6, 7)),
    )
    assert violations(INST, capped) == [
        "analyst 6: 2 new sessions and 0 already held, daily cap 1",
    ]


def test_an_unserved_request_has_neither_room_nor_panel():
    broken = solution(
        Assignment(1, None, 1, seats(1, 2)), Assignment(2), Assignment(3), Assignment(4)
    )

    assert violations(INST, broken) == ["request 1: not held but has a room or a panel"]
