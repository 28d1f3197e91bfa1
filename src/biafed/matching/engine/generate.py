"""Seeded random instances: sites, institutions, tools, availability, caps, conflicts.

`generate(24, 20, slots=6, rooms=3)` is the size of an F-BIAS open-desk day.
"""

import random

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


def generate(
    n_requests: int,
    n_analysts: int,
    *,
    slots: int = 6,
    rooms: int = 3,
    days: int = 1,
    sites: int | None = None,
    availability: float = 0.5,
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
    analysts = []
    for i in range(1, n_analysts + 1):
        site = rng.randint(1, n_sites)
        known = rng.sample(sorted(terms), rng.randint(2, 5)) + rng.sample(
            sorted(tools), rng.randint(1, 3)
        )
        analysts.append(
            Analyst(
                id=i,
                name=f"Analyst {i}",
                site=site,
                institution=site_institution[site],
                available_slots=frozenset(t for t in slot_ids if rng.random() < availability),
                daily_cap=rng.choice((2, 3, 3, 4)),
                accepted_rules=rng.random() > 0.03,
                expertise={t: rng.choice(("expert", "advise")) for t in known},
                past_load=rng.choice((0, 0, 1, 2, 3, 5)),
                languages=frozenset(rng.sample(["en", "fr", "de", "it", "es"], rng.randint(1, 2))),
            )
        )
    requests = []
    for i in range(1, n_requests + 1):
        allowed = rng.sample(slot_ids, min(len(slot_ids), rng.randint(1, 3)))
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
                primary_tool=rng.choice(sorted(tools)) if rng.random() < 0.8 else None,
                terms=frozenset(rng.sample(sorted(terms), rng.randint(1, 3))),
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
