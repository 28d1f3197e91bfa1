"""Who may sit on which panel, and which few the solver considers.

An analyst is *eligible* for a request when they accepted the network rules,
are not from the requester's institution and are not among its declared
conflicts. They are *available* in a slot when they ticked it and still have
room under their daily cap that day (sessions already held count).

The *candidates* of a request are its pinned analysts, in each of its slots
its best `top_k` eligible analysts by affinity among those available there
(ties: lighter load first, then an order mixed per request, then id), and in
each of its slots the best eligible analyst available there who knows the
primary tool. The last group makes "a panelist with the primary tool when
anyone available has it" mean the same over candidates as over everyone.

Every pair is scored at once (`affinity.affinity_matrix`) and the selection is
done with numpy, a block of requests at a time; explanations are written later,
only for the analysts who end up on a panel.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from biafed.matching.engine.affinity import DECIMALS, affinity_matrix
from biafed.matching.engine.instance import Analyst, Instance, Request
from biafed.matching.engine.messages import gettext_noop
from biafed.matching.engine.solution import base_load

BLOCK = 1024  # requests handled at once (memory: a few BLOCK x analysts arrays)
SHUFFLE = 1 << 16


def _shuffle(block: Sequence[Request], ids: np.ndarray) -> np.ndarray:
    """A tie-break between equally good analysts that differs from request to request.

    Ranking ties by id alone would put the same few analysts among the candidates
    of every request, where they compete for one seat per slot.
    """
    requests = np.array([r.id for r in block], dtype=np.int64) % 65521
    mixed = (ids[None, :] % 65521) * 40503 + requests[:, None] * 65537
    return mixed % SHUFFLE


def same_institution(a: str, b: str) -> bool:
    return bool(a.strip() and b.strip()) and a.strip().casefold() == b.strip().casefold()


# Why an analyst may not sit: code -> (what `ineligibility` says, the reason when pinned).
INELIGIBLE = {
    "rules": (
        "has not accepted the network rules",
        gettext_noop("pinned analyst %(analyst)s has not accepted the network rules"),
    ),
    "institution": (
        "is from the requester's institution",
        gettext_noop("pinned analyst %(analyst)s is from the requester's institution"),
    ),
    "conflict": (
        "is a declared conflict of interest",
        gettext_noop("pinned analyst %(analyst)s is a declared conflict of interest"),
    ),
}


def ineligible(request: Request, analyst: Analyst) -> str | None:
    """Why `analyst` may not sit on `request`'s panel, as a key of `INELIGIBLE`, or None."""
    if not analyst.accepted_rules:
        return "rules"
    if same_institution(request.institution, analyst.institution):
        return "institution"
    if analyst.id in request.conflicts:
        return "conflict"
    return None


def ineligibility(request: Request, analyst: Analyst) -> str | None:
    """Why `analyst` may not sit on `request`'s panel, or None when they may."""
    code = ineligible(request, analyst)
    return INELIGIBLE[code][0] if code else None


def cap_left(analyst: Analyst, day: str) -> int:
    return analyst.daily_cap - analyst.held_sessions.get(day, 0)


def available(analyst: Analyst, slot_id: int, day: str) -> bool:
    return slot_id in analyst.available_slots and cap_left(analyst, day) > 0


def knows(analyst: Analyst, term: int | None) -> bool:
    return term is not None and term in analyst.expertise


@dataclass
class Candidates:
    """The pairs the model is built on, and why requests have few of them."""

    scores: dict[tuple[int, int], float]  # (request, analyst) -> affinity score, candidates only
    by_request: dict[int, list[int]]  # request -> candidate analyst ids, best first
    n_eligible: dict[int, int]  # request -> how many analysts are eligible at all
    tool_required: dict[tuple[int, int], bool]  # (request, slot) -> a tool holder must sit


def _institution_codes(instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    """Institutions as integers; an empty one never matches (requests -1, analysts -2)."""
    codes: dict[str, int] = {}

    def code(text: str, empty: int) -> int:
        key = text.strip().casefold()
        return codes.setdefault(key, len(codes)) if key else empty

    analysts = np.array([code(a.institution, -2) for a in instance.analysts], dtype=np.int64)
    requests = np.array([code(r.institution, -1) for r in instance.requests], dtype=np.int64)
    return requests, analysts


def candidates(instance: Instance) -> Candidates:
    requests, analysts = instance.requests, instance.analysts
    n_a = len(analysts)
    k = instance.parameters.top_k
    scores: dict[tuple[int, int], float] = {}
    by_request: dict[int, list[int]] = {r.id: [] for r in requests}
    n_eligible: dict[int, int] = {r.id: 0 for r in requests}
    tool_required: dict[tuple[int, int], bool] = {}
    if not requests:
        return Candidates(scores, by_request, n_eligible, tool_required)

    slot_index = {s.id: i for i, s in enumerate(instance.slots)}
    ids = np.array([a.id for a in analysts], dtype=np.int64)
    index_of = {a.id: j for j, a in enumerate(analysts)}
    # free[j, i]: analyst j ticked slot i and has room under their cap that day.
    free = np.zeros((n_a, len(instance.slots)), dtype=bool)
    for j, a in enumerate(analysts):
        for t in a.available_slots:
            i = slot_index.get(t)
            if i is not None and cap_left(a, instance.slots[i].day) > 0:
                free[j, i] = True
    free_f = free.astype(np.float32)
    accepted = np.array([a.accepted_rules for a in analysts], dtype=bool)
    request_inst, analyst_inst = _institution_codes(instance)
    tools = sorted({r.primary_tool for r in requests if r.primary_tool is not None})
    tool_row = {t: i for i, t in enumerate(tools)}
    knows_tool = np.zeros((len(tools), n_a), dtype=bool)
    for j, a in enumerate(analysts):
        for t in a.expertise:
            if t in tool_row:
                knows_tool[tool_row[t], j] = True

    # Ranking key, smallest first: higher score, then lighter load, then `_shuffle`, then id.
    load = np.array([base_load(a) for a in analysts], dtype=np.int64)
    id_rank = np.empty(n_a, dtype=np.int64)
    id_rank[np.argsort(ids, kind="stable")] = np.arange(n_a)
    loads = int(load.max()) + 1 if n_a else 1
    never = np.iinfo(np.int64).max

    matrix = affinity_matrix(instance)
    for start in range(0, len(requests), BLOCK):
        block = requests[start : start + BLOCK]
        thousandths = np.rint(matrix[start : start + len(block)].astype(np.float64) * DECIMALS)
        thousandths = thousandths.astype(np.int64)
        eligible = np.broadcast_to(accepted, (len(block), n_a)).copy()
        eligible &= request_inst[start : start + len(block), None] != analyst_inst[None, :]
        for row, r in enumerate(block):
            for a_id in r.conflicts:
                column = index_of.get(a_id)
                if column is not None:
                    eligible[row, column] = False
        own = np.zeros((len(block), len(instance.slots)), dtype=np.float32)
        own_slots = []
        for row, r in enumerate(block):
            mine = [slot_index[t] for t in instance.slots_of(r)]
            own_slots.append(mine)
            own[row, mine] = 1.0
        useful = eligible & ((own @ free_f.T) > 0)
        order = ((DECIMALS - thousandths) * loads + load) * SHUFFLE + _shuffle(block, ids)
        key = np.where(useful, order * n_a + id_rank, never)
        counts = eligible.sum(axis=1)
        top = min(k, n_a)
        best: list[set[int]] = [set() for _ in block]
        for position in range(max(map(len, own_slots), default=0)) if top else ():
            rows = [row for row, mine in enumerate(own_slots) if len(mine) > position]
            columns = [own_slots[row][position] for row in rows]
            here = np.where(free[:, columns].T, key[rows], never)
            for row, found in zip(
                rows, np.argpartition(here, top - 1, axis=1)[:, :top], strict=True
            ):
                best[row].update(int(j) for j in found if key[row, j] != never)
        for row, r in enumerate(block):
            n_eligible[r.id] = int(counts[row])
            keys = key[row]
            chosen = sorted(best[row])
            picked = set(chosen)
            for a_id in sorted(r.pinned_analysts):
                pinned = index_of.get(a_id)
                if pinned is not None and useful[row, pinned] and pinned not in picked:
                    chosen.append(pinned)
                    picked.add(pinned)
            holders = None
            if r.primary_tool is not None and r.primary_tool in tool_row:
                holders = useful[row] & knows_tool[tool_row[r.primary_tool]]
            for i in own_slots[row]:
                t = instance.slots[i].id
                if holders is None:
                    tool_required[(r.id, t)] = False
                    continue
                here = holders & free[:, i]
                tool_required[(r.id, t)] = bool(here.any())
                if here.any():
                    j = int(np.argmin(np.where(here, keys, never)))
                    if j not in picked:
                        chosen.append(j)
                        picked.add(j)
            chosen.sort(key=keys.__getitem__)
            by_request[r.id] = [int(ids[j]) for j in chosen]
            for j in chosen:
                scores[(r.id, int(ids[j]))] = int(thousandths[row, j]) / DECIMALS
    return Candidates(scores, by_request, n_eligible, tool_required)
