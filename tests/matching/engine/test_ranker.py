"""The former open-desk ranker (the greedy baseline's day) on plain data: no database."""

from biafed.matching.engine.ranker import Analyst, Request, affinity, allocate

SEGMENTATION, TRACKING, CELLPOSE, NAPARI = 1, 2, 3, 4
NAMES = {SEGMENTATION: "segmentation", TRACKING: "tracking", CELLPOSE: "Cellpose", NAPARI: "napari"}
MORNING, NOON, AFTERNOON = 10, 11, 12
ALL_SLOTS = frozenset({MORNING, NOON, AFTERNOON})


def analyst(
    id, *, site=None, institution=None, slots=ALL_SLOTS, expertise=None, **kwargs
) -> Analyst:
    return Analyst(
        id=id,
        site=site if site is not None else 100 + id,
        institution=institution or f"Institute {id}",
        available_slots=frozenset(slots),
        expertise=expertise or {},
        **kwargs,
    )


def request(id, *slots, terms=(SEGMENTATION,), **kwargs) -> Request:
    return Request(id=id, slot_options=tuple(slots), terms=frozenset(terms), **kwargs)


def panel_ids(proposal) -> list[int]:
    return [analyst_id for analyst_id, _score, _why in proposal.panel]


def run(requests, analysts, rooms=None, **kwargs):
    rooms = rooms if rooms is not None else {MORNING: 3, NOON: 3, AFTERNOON: 3}
    return {p.request_id: p for p in allocate(requests, analysts, rooms, NAMES, **kwargs)}


# --- Affinity ---------------------------------------------------------------------------------


def test_affinity_expert_scores_above_advise():
    wanted = request(1, MORNING, terms=(SEGMENTATION,))

    expert_score, _ = affinity(wanted, analyst(1, expertise={SEGMENTATION: "expert"}), NAMES)
    advise_score, _ = affinity(wanted, analyst(2, expertise={SEGMENTATION: "advise"}), NAMES)

    assert (expert_score, advise_score) == (0.9, 0.54)


def test_affinity_explanation_lists_matched_terms_experts_first():
    wanted = request(1, MORNING, terms=(SEGMENTATION, CELLPOSE, TRACKING))
    who = analyst(1, expertise={SEGMENTATION: "advise", CELLPOSE: "expert", NAPARI: "expert"})

    score, why = affinity(wanted, who, NAMES)

    assert why == "matched: Cellpose (expert), segmentation"
    assert score == round((1.0 + 0.6) / 3 * 0.9, 3)


def test_affinity_without_a_match_says_so():
    score, why = affinity(
        request(1, MORNING, terms=(TRACKING,)), analyst(1, expertise={NAPARI: "expert"}), NAMES
    )

    assert (score, why) == (0.0, "no expertise term matched")


def test_affinity_shared_language_adds_a_bonus_and_is_explained():
    wanted = request(1, MORNING, terms=(SEGMENTATION,), language="fr")

    score, why = affinity(
        wanted,
        analyst(1, expertise={SEGMENTATION: "expert"}, languages=frozenset({"fr", "en"})),
        NAMES,
    )

    assert (score, why) == (1.0, "matched: segmentation (expert); speaks fr")


# --- Choosing the panel -----------------------------------------------------------------------


def test_allocate_picks_the_analysts_with_matching_expertise_expert_first():
    analysts = [
        analyst(1, expertise={NAPARI: "expert"}),
        analyst(2, expertise={SEGMENTATION: "advise"}),
        analyst(3, expertise={SEGMENTATION: "expert"}),
        analyst(4),
    ]

    proposal = run([request(1, MORNING)], analysts)[1]

    assert proposal.slot_id == MORNING
    assert panel_ids(proposal) == [3, 2]
    assert [why for _, _, why in proposal.panel] == [
        "matched: segmentation (expert)",
        "matched: segmentation",
    ]


def test_allocate_fills_a_panel_of_two_even_without_a_match():
    analysts = [analyst(1), analyst(2), analyst(3)]

    proposal = run([request(1, MORNING, terms=(TRACKING,))], analysts)[1]

    assert proposal.slot_id == MORNING
    assert len(proposal.panel) == 2


def test_allocate_takes_a_third_member_only_when_they_match():
    analysts = [
        analyst(1, expertise={SEGMENTATION: "expert"}),
        analyst(2, expertise={SEGMENTATION: "expert"}),
        analyst(3, expertise={SEGMENTATION: "advise"}),
        analyst(4),
    ]

    proposal = run([request(1, MORNING)], analysts)[1]

    assert panel_ids(proposal) == [1, 2, 3]


def test_allocate_never_two_analysts_from_the_same_site():
    analysts = [
        analyst(1, site=7, expertise={SEGMENTATION: "expert"}),
        analyst(2, site=7, expertise={SEGMENTATION: "expert"}),
        analyst(3, site=8, expertise={SEGMENTATION: "advise"}),
    ]

    proposal = run([request(1, MORNING)], analysts)[1]

    assert panel_ids(proposal) == [1, 3]


def test_allocate_never_an_analyst_from_the_requesters_institution():
    analysts = [
        analyst(1, institution=" Institut Curie", expertise={SEGMENTATION: "expert"}),
        analyst(2, expertise={SEGMENTATION: "advise"}),
        analyst(3),
    ]

    proposal = run([request(1, MORNING, institution="institut curie")], analysts)[1]

    assert panel_ids(proposal) == [2, 3]


def test_allocate_never_an_analyst_unavailable_in_that_slot():
    analysts = [
        analyst(1, slots={AFTERNOON}, expertise={SEGMENTATION: "expert"}),
        analyst(2, expertise={SEGMENTATION: "advise"}),
        analyst(3),
    ]

    proposal = run([request(1, MORNING)], analysts)[1]

    assert panel_ids(proposal) == [2, 3]


def test_allocate_never_an_analyst_who_has_not_accepted_the_rules():
    analysts = [
        analyst(1, accepted_rules=False, expertise={SEGMENTATION: "expert"}),
        analyst(2, expertise={SEGMENTATION: "advise"}),
        analyst(3),
    ]

    proposal = run([request(1, MORNING)], analysts)[1]

    assert panel_ids(proposal) == [2, 3]


def test_allocate_an_analyst_sits_on_one_panel_per_slot():
    analysts = [analyst(i, expertise={SEGMENTATION: "expert"}) for i in range(1, 7)]

    proposals = run([request(1, MORNING), request(2, MORNING)], analysts)

    first, second = panel_ids(proposals[1]), panel_ids(proposals[2])
    assert (len(first), len(second)) == (3, 3)
    assert set(first) & set(second) == set()


def test_allocate_four_analysts_give_two_requests_in_one_slot_a_panel_each():
    analysts = [analyst(i, expertise={SEGMENTATION: "expert"}) for i in range(1, 5)]

    proposals = run([request(1, MORNING), request(2, MORNING)], analysts)

    first, second = panel_ids(proposals[1]), panel_ids(proposals[2])
    assert (len(first), len(second)) == (2, 2)
    assert set(first) & set(second) == set()


def test_allocate_respects_the_daily_cap():
    analysts = [
        analyst(1, daily_cap=1, expertise={SEGMENTATION: "expert"}),
        analyst(2, expertise={SEGMENTATION: "advise"}),
        analyst(3, expertise={SEGMENTATION: "advise"}),
    ]

    proposals = run([request(1, MORNING), request(2, NOON), request(3, AFTERNOON)], analysts)

    seats = [a for p in proposals.values() for a in panel_ids(p)]
    assert seats.count(1) == 1
    assert all(p.slot_id is not None for p in proposals.values())


def test_allocate_counts_sessions_already_held_that_day_towards_the_daily_cap():
    analysts = [
        analyst(1, daily_cap=2, expertise={SEGMENTATION: "expert"}),
        analyst(2),
        analyst(3),
    ]

    proposals = run([request(1, MORNING), request(2, NOON)], analysts, initial_load={1: 1})

    seats = [a for p in proposals.values() for a in panel_ids(p)]
    assert seats.count(1) == 1


def test_allocate_respects_the_rooms_per_slot_and_reports_unplaced_requests():
    analysts = [analyst(i) for i in range(1, 7)]

    proposals = run(
        [request(1, MORNING), request(2, MORNING), request(3, MORNING)],
        analysts,
        rooms={MORNING: 2, NOON: 2},
    )

    placed = [p for p in proposals.values() if p.slot_id is not None]
    (unplaced,) = [p for p in proposals.values() if p.slot_id is None]
    assert [p.slot_id for p in placed] == [MORNING, MORNING]
    assert (unplaced.panel, unplaced.reason) == ([], "not enough eligible analysts free")


def test_allocate_falls_back_to_the_requesters_other_acceptable_slot():
    analysts = [analyst(i) for i in range(1, 7)]

    proposals = run(
        [request(1, MORNING), request(2, MORNING), request(3, MORNING, AFTERNOON)],
        analysts,
        rooms={MORNING: 2, NOON: 2, AFTERNOON: 2},
    )

    assert [proposals[i].slot_id for i in (1, 2, 3)] == [MORNING, MORNING, AFTERNOON]


def test_allocate_alternative_slot_never_takes_a_room_someone_booked_there():
    # Request 2 booked the only noon room; nobody can sit on its panel (same institution),
    # but it keeps its room: request 1 may not move there.
    analysts = [
        analyst(1, slots={NOON}, institution="Inserm"),
        analyst(2, slots={NOON}, institution="Inserm"),
    ]

    proposals = run(
        [request(1, MORNING, NOON), request(2, NOON, institution="INSERM")],
        analysts,
        rooms={MORNING: 1, NOON: 1},
    )

    assert (proposals[1].slot_id, proposals[2].slot_id) == (None, None)


def test_allocate_falls_back_when_no_panel_is_free_in_the_booked_slot():
    analysts = [analyst(1, slots={NOON}), analyst(2, slots={NOON}), analyst(3, slots={MORNING})]

    proposals = run([request(1, MORNING, NOON), request(2, MORNING)], analysts)

    assert (proposals[1].slot_id, sorted(panel_ids(proposals[1]))) == (NOON, [1, 2])
    assert (proposals[2].slot_id, proposals[2].panel) == (None, [])


def test_allocate_pinned_request_stays_in_its_slot():
    analysts = [analyst(1, slots={NOON}), analyst(2, slots={NOON})]

    proposals = run([request(1, MORNING, NOON, pinned_slot=MORNING)], analysts)

    assert proposals[1].slot_id is None


def test_allocate_reports_every_request_in_the_given_order():
    proposals = allocate([request(5, MORNING), request(3, NOON)], [], {MORNING: 2, NOON: 2}, NAMES)

    assert [(p.request_id, p.slot_id) for p in proposals] == [(5, None), (3, None)]
