"""Explanations and reasons as translatable pieces: the same English, another language later."""

import json

from biafed.matching.engine import affinity, render, solve

from .helpers import (
    MORNING,
    NAMES,
    NAPARI,
    SEG,
    TRACK,
    analyst,
    experts,
    instance,
    request,
    slot,
)

FRENCH = {
    "matched: %(terms)s": "correspond : %(terms)s",
    "%(term)s (expert, primary tool)": "%(term)s (expert, outil principal)",
    "speaks %(language)s": "parle %(language)s",
    "no room": "aucune salle",
    "%(reason)s in any allowed slot": "%(reason)s dans tous les créneaux possibles",
}


def french(msgid: str) -> str:
    return FRENCH.get(msgid, msgid)


def test_an_explanation_is_pieces_that_render_to_its_english_text_or_another_language():
    wanted = request(1, terms=(SEG, TRACK), primary_tool=NAPARI, language="fr")
    a = affinity(
        wanted,
        analyst(1, expertise={NAPARI: "expert", TRACK: "advise"}, languages=frozenset({"fr"})),
        NAMES,
    )

    assert a.why == "matched: napari (expert, primary tool), tracking; speaks fr"
    assert render(a.why_parts) == a.why
    stored = json.loads(json.dumps(a.why_parts))  # as kept in the database
    assert render(stored, french) == (
        "correspond : napari (expert, outil principal), tracking; parle fr"
    )


def test_a_reason_not_held_and_the_seats_carry_their_pieces():
    no_room = instance([request(1, MORNING)], experts(1, 2), slots=[slot(MORNING, rooms=0)])
    solution = solve(no_room, time_limit=5, num_workers=1)
    unserved = solution.assignment(1)

    assert unserved.reason == "no room in any allowed slot"
    assert render(unserved.reason_parts) == unserved.reason
    assert render(json.loads(json.dumps(unserved.reason_parts)), french) == (
        "aucune salle dans tous les créneaux possibles"
    )

    held = solve(instance([request(1, MORNING)], experts(1, 2)), time_limit=5, num_workers=1)
    seats = held.assignment(1).panel
    assert seats and all(render(s.why_parts) == s.why for s in seats)
