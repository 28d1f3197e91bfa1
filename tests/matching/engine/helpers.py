"""Small hand-made instances for the engine tests."""

from dataclasses import replace

from biafed.matching.engine import Analyst, Instance, Parameters, Request, Slot

SEG, TRACK, NAPARI, FIJI = 1, 2, 3, 4
NAMES = {SEG: "segmentation", TRACK: "tracking", NAPARI: "napari", FIJI: "Fiji"}
MORNING, NOON, AFTERNOON = 10, 11, 12


def slot(id, rooms=3, day=""):
    return Slot(id=id, rooms=rooms, day=day)


def analyst(id, *, site=None, institution=None, slots=(MORNING, NOON, AFTERNOON), **kwargs):
    return Analyst(
        id=id,
        site=site if site is not None else 100 + id,
        institution=institution if institution is not None else f"Institute {id}",
        available_slots=frozenset(slots),
        **kwargs,
    )


def request(id, *slots, terms=(SEG,), **kwargs):
    for key in ("conflicts", "pinned_analysts"):
        if key in kwargs:
            kwargs[key] = frozenset(kwargs[key])
    return Request(id=id, allowed_slots=frozenset(slots), terms=frozenset(terms), **kwargs)


def experts(*ids, term=SEG, **kwargs):
    return [analyst(i, expertise={term: "expert"}, **kwargs) for i in ids]


def instance(requests, analysts, slots=None, **parameters):
    """An instance; analysts' availability is cut down to its slots (all three by default)."""
    slots = slots if slots is not None else [slot(MORNING), slot(NOON), slot(AFTERNOON)]
    ids = {s.id for s in slots}
    return Instance(
        slots=tuple(slots),
        requests=tuple(requests),
        analysts=tuple(replace(a, available_slots=a.available_slots & ids) for a in analysts),
        parameters=Parameters(**parameters),
        term_names=NAMES,
        name="test",
    )


def panel(solution, request_id) -> list[int]:
    return [s.analyst_id for s in solution.assignment(request_id).panel]


def held(solution, request_id):
    return solution.assignment(request_id).slot_id
