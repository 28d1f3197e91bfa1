"""Seeded random instances: sites, institutions, tools, availability, caps, conflicts.

`generate(24, 20, slots=6, rooms=3)` is the size of an F-BIAS open-desk day;
`preset(name)` gives the benchmark instances of `PRESETS` (docs/allocation.md,
"Benchmark"). The same arguments and seed always give the same instance.

What is drawn, per analyst: a host site (and its institution), 2-5 topics and
1-3 tools at expert or advise level, 1-2 languages, each slot ticked with
probability `availability` (or, when it is a tuple, with a rate drawn from it
per analyst: part-time and full-time analysts), a daily cap of 2, 3, 3 or 4,
a past load, and 3 % who have not accepted the network rules. Per request: an
institution (sometimes an analyst's), 1-3 allowed slots within one day (an
open-desk booking belongs to one day), a preferred slot, a primary tool (80 %),
1-3 topics, 0-2 declared conflicts and a language.
"""

import random
from collections.abc import Sequence
from typing import Any

from biafed.matching.engine.instance import Analyst, Instance, Parameters, Request, Slot

TOPICS = [
    "segmentation",
    "tracking",
    "registration",
    "deconvolution",
    "colocalisation",
    "spot detection",
    "3D",
    "time lapse",
    "machine learning",
    "statistics",
    "light sheet",
    "electron microscopy",
]
TOOLS = ["Fiji", "napari", "Cellpose", "QuPath", "CellProfiler", "ilastik", "StarDist", "Python"]

# The benchmark instances (`make bench-allocation`): requests x analysts, slots x rooms, days.
PRESETS: dict[str, dict[str, Any]] = {
    "fbias-day": dict(n_requests=24, n_analysts=20, slots=6, rooms=3, days=1),
    "national-day": dict(n_requests=200, n_analysts=100, slots=8, rooms=20, days=1),
    "continental-week": dict(n_requests=2_000, n_analysts=500, slots=40, rooms=40, days=5),
    "stress": dict(n_requests=20_000, n_analysts=2_000, slots=80, rooms=250, days=10),
}
BENCH_AVAILABILITY = (0.5, 0.8)  # part-time and full-time analysts


def preset(name: str, *, seed: int = 1) -> Instance:
    """The benchmark instance `name` (one of `PRESETS`)."""
    return generate(**PRESETS[name], availability=BENCH_AVAILABILITY, seed=seed, name=name)


def generate(
    n_requests: int,
    n_analysts: int,
    *,
    slots: int = 6,
    rooms: int = 3,
    days: int = 1,
    sites: int | None = None,
    availability: float | Sequence[float] = 0.5,
    seed: int = 0,
    parameters: Parameters | None = None,
    name: str = "",
) -> Instance:
    rng = random.Random(seed)
    terms = {i + 1: t for i, t in enumerate(TOPICS)}
    tools = {len(TOPICS) + i + 1: t for i, t in enumerate(TOOLS)}
    n_sites = sites or max(2, n_analysts // 3)
    institutions = [f"University {i}" for i in range(max(3, n_sites + n_sites // 2))]
    site_institution = {s: institutions[s % len(institutions)] for s in range(1, n_sites + 1)}
    per_day = max(1, slots // days)
    slot_list = [
        Slot(id=i + 1, rooms=rooms, day=f"day {min(i // per_day, days - 1) + 1}", label=f"S{i + 1}")
        for i in range(slots)
    ]
    slot_ids = [s.id for s in slot_list]
    slots_of_day: dict[str, list[int]] = {}
    for s in slot_list:
        slots_of_day.setdefault(s.day, []).append(s.id)
    day_slots = list(slots_of_day.values())
    fixed = float(availability) if isinstance(availability, int | float) else 0.0
    rates = None if isinstance(availability, int | float) else tuple(availability)
    sorted_terms, sorted_tools = sorted(terms), sorted(tools)
    analysts = []
    for i in range(1, n_analysts + 1):
        site = rng.randint(1, n_sites)
        known = rng.sample(sorted_terms, rng.randint(2, 5)) + rng.sample(
            sorted_tools, rng.randint(1, 3)
        )
        rate = fixed if rates is None else rng.choice(rates)
        analysts.append(
            Analyst(
                id=i,
                name=f"Analyst {i}",
                site=site,
                institution=site_institution[site],
                available_slots=frozenset(t for t in slot_ids if rng.random() < rate),
                daily_cap=rng.choice((2, 3, 3, 4)),
                accepted_rules=rng.random() > 0.03,
                expertise={t: rng.choice(("expert", "advise")) for t in known},
                past_load=rng.choice((0, 0, 1, 2, 3, 5)),
                languages=frozenset(rng.sample(["en", "fr", "de", "it", "es"], rng.randint(1, 2))),
            )
        )
    requests = []
    for i in range(1, n_requests + 1):
        pool = slot_ids if len(day_slots) == 1 else rng.choice(day_slots)
        allowed = rng.sample(pool, min(len(pool), rng.randint(1, 3)))
        preferred = {allowed[0]: 1.0}
        if len(allowed) > 1 and rng.random() < 0.5:
            preferred[allowed[1]] = 0.5
        conflicts = frozenset(
            a.id for a in rng.sample(analysts, min(len(analysts), rng.randint(0, 2)))
        )
        requests.append(
            Request(
                id=i,
                label=f"Request {i}",
                allowed_slots=frozenset(allowed),
                preferred_slots=preferred,
                primary_tool=rng.choice(sorted_tools) if rng.random() < 0.8 else None,
                terms=frozenset(rng.sample(sorted_terms, rng.randint(1, 3))),
                institution=rng.choice(institutions),
                conflicts=conflicts,
                language=rng.choice(["", "en", "fr", "de"]),
            )
        )
    return Instance(
        slots=tuple(slot_list),
        requests=tuple(requests),
        analysts=tuple(analysts),
        parameters=parameters or Parameters(),
        term_names={**terms, **tools},
        name=name or f"random-{n_requests}x{n_analysts}-s{seed}",
    )
