"""Similar past consultations: held open-desk sessions (and, through a registry, projects)
close to a request, with what the panel recorded.

Past cases come from *sources*: the held bookings with an outcome (here) and whatever a
higher app registers with `register_case_source` (projects: completed projects, from
`projects/hooks.py`). They are indexed by the engine (`engine/similar.py`), the index kept
for `REFRESH_S` seconds or until an outcome changes. Panel members and coordinators see
the cases with their advice, tools and links; the requester sees only the tools that
helped similar questions, never another requester's data. The tools recorded become
evidence for later requests (`evidence_for`).
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.urls import reverse

from biafed.matching.engine import Case, CaseIndex, Similar
from biafed.matching.services import building
from biafed.opendesk.models import Booking, BookingStatus, SessionOutcome
from biafed.people.models import ExpertiseTerm

REFRESH_S = 60.0
LIMIT = 5


@dataclass(frozen=True)
class PastCase:
    id: str  # "booking:12", "project:3": unique across sources
    title: str
    text: str
    tools: tuple[int, ...] = ()
    advice: str = ""
    links: tuple[str, ...] = ()
    url: str = ""  # its page, for those who may open it


CaseSource = Callable[[], Iterable[PastCase]]
_sources: list[CaseSource] = []


def register_case_source(source: CaseSource) -> None:
    if source not in _sources:
        _sources.append(source)


def held_bookings() -> list[PastCase]:
    outcomes = (
        SessionOutcome.objects.filter(booking__status=BookingStatus.HELD)
        .select_related("booking")
        .prefetch_related("tools_suggested")
    )
    return [
        PastCase(
            id=f"booking:{o.booking_id}",
            title=str(o.booking),
            text=building.request_text(o.booking),
            tools=tuple(sorted(t.pk for t in o.tools_suggested.all())),
            advice=o.advice,
            links=tuple(o.links),
            url=reverse("opendesk:booking_detail", args=[o.booking_id]),
        )
        for o in outcomes
    ]


_index: tuple[tuple, float, CaseIndex, dict[str, PastCase]] | None = None


def _stamp() -> tuple:
    at = SessionOutcome.objects.aggregate(n=Count("pk"), at=Max("updated_at"))
    return (at["n"], at["at"].isoformat() if at["at"] else "", len(_sources))


def index() -> tuple[CaseIndex, dict[str, PastCase]]:
    global _index
    stamp, now = _stamp(), time.monotonic()
    if _index is None or _index[0] != stamp or now - _index[1] > REFRESH_S:
        cases = {c.id: c for source in (held_bookings, *_sources) for c in source()}
        engine_index = CaseIndex(Case(c.id, c.text, c.tools) for c in cases.values())
        _index = (stamp, now, engine_index, cases)
    return _index[2], _index[3]


def forget() -> None:
    global _index
    _index = None


@dataclass(frozen=True)
class Found:
    case: PastCase
    similarity: float
    tools: list[ExpertiseTerm]


def similar_to(booking: Booking, *, limit: int = LIMIT) -> list[Found]:
    """The past cases most similar to `booking` (never itself), best first."""
    engine_index, cases = index()
    found = engine_index.similar(
        building.request_text(booking), limit=limit, exclude=(f"booking:{booking.pk}",)
    )
    terms = ExpertiseTerm.objects.in_bulk({t for s in found for t in s.case.tools})
    return [
        Found(cases[s.case.id], s.similarity, [terms[t] for t in s.case.tools if t in terms])
        for s in found
    ]


def evidence_for(
    text: str, *, exclude: Iterable[str] = ()
) -> list[tuple[str, float, tuple[int, ...]]]:
    """`past=` evidence for the understanding: tools recorded in similar past cases."""
    engine_index, _cases = index()
    found: list[Similar] = engine_index.similar(text, exclude=tuple(exclude))
    return engine_index.evidence(found)


def tools_that_helped(found: list[Found]) -> list[ExpertiseTerm]:
    """The tools of similar cases, most often recorded first: what a requester may see."""
    counts: dict[int, tuple[int, ExpertiseTerm]] = {}
    for f in found:
        for t in f.tools:
            counts[t.pk] = (counts.get(t.pk, (0, t))[0] + 1, t)
    return [t for _n, t in sorted(counts.values(), key=lambda nt: (-nt[0], str(nt[1])))]
