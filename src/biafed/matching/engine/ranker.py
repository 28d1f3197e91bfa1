"""The former open-desk ranker, one day at a time: greedy panels by expertise affinity.

The greedy baseline (`greedy`) runs it day by day on an `Instance`; the exact
model (`solve`) replaced it in the application. Its affinity counts tags and the
primary tool only (no related terms, no free text), with the level weights and
the language bonus of `affinity`.
"""

from dataclasses import dataclass, field

from biafed.matching.engine.affinity import LANGUAGE_BONUS, LEVEL_WEIGHT


@dataclass(frozen=True)
class Request:
    id: int
    slot_options: tuple[int, ...]  # the booked slot first, then other acceptable slots
    terms: frozenset[int]
    institution: str = ""
    language: str = ""
    pinned_slot: int | None = None


@dataclass(frozen=True)
class Analyst:
    id: int
    site: int
    institution: str
    available_slots: frozenset[int]
    expertise: dict[int, str]  # term id -> level
    languages: frozenset[str] = frozenset()
    daily_cap: int = 3
    accepted_rules: bool = True
    name: str = ""


@dataclass
class Proposal:
    request_id: int
    slot_id: int | None
    panel: list[tuple[int, float, str]] = field(default_factory=list)  # analyst, score, why
    reason: str = ""


def _same_institution(a: str, b: str) -> bool:
    return bool(a and b) and a.strip().casefold() == b.strip().casefold()


def affinity(request: Request, analyst: Analyst, term_names: dict[int, str]) -> tuple[float, str]:
    """Score in [0, 1] and a one-line explanation of what matched."""
    if not request.terms:
        base, matched = 0.0, []
    else:
        matched = [
            (term, analyst.expertise[term]) for term in request.terms if term in analyst.expertise
        ]
        base = sum(LEVEL_WEIGHT[level] for _, level in matched) / len(request.terms)
    language = request.language and request.language in analyst.languages
    score = min(1.0, base * (1 - LANGUAGE_BONUS) + (LANGUAGE_BONUS if language else 0.0))
    parts = [
        f"{term_names.get(term, term)}{' (expert)' if level == 'expert' else ''}"
        for term, level in sorted(
            matched, key=lambda m: (m[1] != "expert", term_names.get(m[0], ""))
        )
    ]
    why = ("matched: " + ", ".join(parts)) if parts else "no expertise term matched"
    if language:
        why += f"; speaks {request.language}"
    return round(score, 3), why


def eligible(request: Request, analyst: Analyst) -> bool:
    return analyst.accepted_rules and not _same_institution(
        request.institution, analyst.institution
    )


def allocate(
    requests: list[Request],
    analysts: list[Analyst],
    rooms: dict[int, int],
    term_names: dict[int, str],
    *,
    panel_min: int = 2,
    panel_max: int = 3,
    initial_load: dict[int, int] | None = None,
) -> list[Proposal]:
    """Place each request in one of its slots with the best available panel.

    Hardest requests (fewest eligible analysts) go first and get `panel_min`
    members; a last pass tops panels up to `panel_max` with who is still free, so
    a third member never costs another request its panel. Everyone stays in the
    slot they booked when possible; a request moves to one of its other slots
    only into a room nobody who booked that slot still needs. Within a slot an
    analyst sits on one panel; at most one panelist per host site; daily caps hold,
    counting the sessions in `initial_load` (panels already confirmed that day).
    """
    by_id = {a.id: a for a in analysts}
    used_rooms = {slot: 0 for slot in rooms}
    busy: set[tuple[int, int | None]] = set()  # (analyst, slot)
    load = {a.id: (initial_load or {}).get(a.id, 0) for a in analysts}
    scores = {
        (r.id, a.id): affinity(r, a, term_names)
        for r in requests
        for a in analysts
        if eligible(r, a)
    }

    def candidates(request: Request) -> int:
        return sum(1 for a in analysts if (request.id, a.id) in scores)

    def free_pool(request: Request, slot: int) -> list[tuple[tuple[float, str], Analyst]]:
        return sorted(
            (
                (scores[(request.id, a.id)], a)
                for a in analysts
                if (request.id, a.id) in scores
                and slot in a.available_slots
                and (a.id, slot) not in busy
                and load[a.id] < a.daily_cap
            ),
            key=lambda item: (-item[0][0], load[item[1].id], item[1].id),
        )

    def best_panel(request: Request, slot: int) -> list[tuple[int, float, str]] | None:
        panel: list[tuple[int, float, str]] = []
        sites: set[int] = set()
        for (score, why), analyst in free_pool(request, slot):
            if analyst.site in sites:
                continue
            panel.append((analyst.id, score, why))
            sites.add(analyst.site)
            if len(panel) == panel_min:
                return panel
        return None

    def seat(proposal: Proposal, analyst_id: int, score: float, why: str) -> None:
        proposal.panel.append((analyst_id, score, why))
        busy.add((analyst_id, proposal.slot_id))
        load[analyst_id] += 1

    home = {
        r.id: (r.pinned_slot or (r.slot_options[0] if r.slot_options else None)) for r in requests
    }
    waiting_home = {slot: 0 for slot in rooms}  # rooms still held by people who booked that slot
    for slot in home.values():
        if slot in waiting_home:
            waiting_home[slot] += 1

    placed: dict[int, Proposal] = {}
    ordered = sorted(requests, key=lambda r: (candidates(r), r.id))
    for first_pass in (True, False):
        for request in ordered:
            if request.id in placed:
                continue
            options: tuple[int, ...]
            if request.pinned_slot:
                options = (request.pinned_slot,) if first_pass else ()
            else:
                options = request.slot_options[:1] if first_pass else request.slot_options[1:]
            for slot in options:
                if slot not in rooms:
                    continue
                reserved = 0 if first_pass else waiting_home[slot]
                if used_rooms[slot] + reserved >= rooms[slot]:
                    continue
                panel = best_panel(request, slot)
                if panel is None:
                    continue
                used_rooms[slot] += 1
                booked = home[request.id]
                if booked is not None and booked in waiting_home:
                    waiting_home[booked] -= 1
                proposal = Proposal(request.id, slot)
                for analyst_id, score, why in panel:
                    seat(proposal, analyst_id, score, why)
                placed[request.id] = proposal
                break

    # Top up to panel_max with analysts who are still free and bring some expertise.
    for request in ordered:
        held = placed.get(request.id)
        if held is None or held.slot_id is None:
            continue
        sites = {by_id[a].site for a, _, _ in held.panel}
        for (score, why), analyst in free_pool(request, held.slot_id):
            if len(held.panel) >= panel_max:
                break
            if score > 0 and analyst.site not in sites:
                seat(held, analyst.id, score, why)
                sites.add(analyst.site)
        held.panel.sort(key=lambda member: -member[1])
    return [
        placed.get(r.id) or Proposal(r.id, None, [], "not enough eligible analysts free")
        for r in requests
    ]
