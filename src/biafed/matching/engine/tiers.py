"""The objective tiers of a (partial) assignment, computed in Python while `solve` runs.

`TierValues` gives the tier values of an assignment as the models' expressions
count them; `best_possible` the bounds of parts not solved yet; `fold` the
folded objective of tier results, with its bound and gap.
"""

from collections.abc import Iterable, Sequence

from biafed.matching.engine.affinity import SCALE, points
from biafed.matching.engine.candidates import Candidates
from biafed.matching.engine.instance import Instance
from biafed.matching.engine.model import Chosen
from biafed.matching.engine.solution import TIERS, TierResult, base_load, weights


class TierValues:
    """Tier values computed in Python from an assignment, the same as the models' expressions."""

    def __init__(self, instance: Instance, cands: Candidates):
        self.instance, self.cands = instance, cands
        requests = instance.request_by_id
        self.pinned = {
            r.id for r in instance.requests if r.pinned_slot is not None or r.pinned_analysts
        }
        self.preference = {r.id: requests[r.id].preferred_slots for r in instance.requests}
        self.base = {a.id: base_load(a) for a in instance.analysts}
        self.spread_constant = sum(b * b for b in self.base.values())

    def tiers(self, chosen: Chosen, request_ids: Iterable[int] | None = None) -> dict[str, int]:
        ids = chosen.keys() if request_ids is None else [r for r in request_ids if r in chosen]
        pinned = served = gain = 0
        for r in ids:
            t, panel = chosen[r]
            served += 1
            pinned += r in self.pinned
            gain += points(self.preference[r].get(t, 0.0))
            gain += sum(points(self.cands.scores[r, a]) for a in panel)
        return {"pinned": pinned, "served": served, "affinity": gain}

    def loads(self, chosen: Chosen) -> dict[int, int]:
        load = dict(self.base)
        for _t, panel in chosen.values():
            for a in panel:
                load[a] += 1
        return load

    def fairness(self, chosen: Chosen) -> dict[str, int]:
        load = self.loads(chosen)
        return {
            "max_load": max(load.values(), default=0),
            "spread": sum(n * n for n in load.values()),
        }


def best_possible(
    instance: Instance, cands: Candidates, request_ids: Sequence[int]
) -> dict[str, int]:
    """Trivial bounds of the tiers over `request_ids` (for parts not solved yet)."""
    requests = instance.request_by_id
    p = instance.parameters
    pinned = sum(
        1 for r in request_ids if requests[r].pinned_slot is not None or requests[r].pinned_analysts
    )
    gain = 0
    for r in request_ids:
        scores = sorted((points(cands.scores[r, a]) for a in cands.by_request[r]), reverse=True)
        preference = max(requests[r].preferred_slots.values(), default=0.0)
        gain += sum(scores[: p.panel_max]) + points(preference)
    return {"pinned": pinned, "served": len(request_ids), "affinity": gain}


def fold(instance: Instance, results: dict[str, TierResult]) -> tuple[int, int, str, float]:
    """Folded objective, an upper bound of it, the first tier not proven, and its gap in %."""
    w = weights(instance)
    factor = {
        "pinned": w["pinned"],
        "served": w["served"],
        "affinity": w["affinity"],
        "max_load": -w["load"],
        "spread": -1,
    }
    objective = sum(factor[k] * results[k].value for k in TIERS)
    first = next((k for k in TIERS if not results[k].proven), None)
    if first is None:
        return objective, objective, "", 0.0
    p = instance.parameters
    base = [base_load(a) for a in instance.analysts]
    best = {
        "pinned": sum(
            1 for r in instance.requests if r.pinned_slot is not None or r.pinned_analysts
        ),
        "served": len(instance.requests),
        "affinity": len(instance.requests) * SCALE * (p.panel_max + 1),
        "max_load": max(base, default=0),
        "spread": sum(b * b for b in base),
    }
    at = TIERS.index(first)
    bound = sum(factor[k] * results[k].value for k in TIERS[:at])
    bound += factor[first] * results[first].bound
    bound += sum(factor[k] * best[k] for k in TIERS[at + 1 :])
    r = results[first]
    gap = abs(r.bound - r.value)
    return objective, bound, first, round(100.0 * gap / max(1, abs(r.value)), 4)


def rank(values: TierValues, chosen: Chosen) -> tuple[int, int, int]:
    tiers = values.tiers(chosen)
    return tiers["pinned"], tiers["served"], tiers["affinity"]
