"""Project mode: a lead analyst and an optional mentor for collaborative projects.

A *lead* must be eligible for the request: they accepted the network rules, are
not a declared conflict, are not from the requester's institution, and have at
least the project's `hours` of capacity left. Leads are ranked by affinity
(the same score as open-desk panels, `biafed.matching.engine.affinity`), then
by remaining capacity (more first), then by id.

A *mentor* comes from another site than the lead and is eligible in the same
sense, except for capacity: mentoring takes little time, assumed to be
`MENTOR_SHARE` (10 %) of the project's hours, so a mentor needs only that much
capacity left. Mentors are ranked experts of the primary tool first, then by
affinity, remaining capacity and id.

`propose_project_team` looks at one project alone. `assign_projects` assigns
several at once with CP-SAT so that no analyst gives more hours than they have
(leading counts `hours`, mentoring `MENTOR_SHARE × hours`, both to the
hundredth of an hour), maximising in this order: projects with a lead, projects
with a mentor (when wanted), mentors expert in the primary tool, and the total
affinity points of leads and mentors. Only the `CANDIDATES` best leads and
mentors of each project enter the model.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from biafed.matching.engine.affinity import Affinity, affinity, points
from biafed.matching.engine.candidates import same_institution
from biafed.matching.engine.instance import Analyst, Request
from biafed.matching.engine.messages import Message, gettext_noop, one, piece, render
from biafed.matching.engine.text import Vocabulary

MENTOR_SHARE = 0.1  # a mentor's effort, as a share of the project's hours
CANDIDATES = 30  # best leads and best mentors per project considered by assign_projects
HOURS_SCALE = 100  # capacities and efforts are compared to the hundredth of an hour


@dataclass(frozen=True)
class ProjectRequest:
    id: int
    terms: frozenset[int] = frozenset()
    primary_tool: int | None = None
    institution: str = ""
    conflicts: frozenset[int] = frozenset()  # analyst ids
    hours: float = 0.0  # estimated effort of the project (or phase)
    language: str = ""
    text: str = ""  # free text of the request


@dataclass(frozen=True)
class ProjectAnalyst:
    id: int
    site: int
    institution: str
    capacity_hours: float  # remaining hours this analyst can give
    expertise: dict[int, str] = field(default_factory=dict)  # term id -> "expert" | "advise"
    accepted_rules: bool = True
    languages: frozenset[str] = frozenset()
    text: str = ""  # profile free text
    name: str = ""


@dataclass(frozen=True)
class ProjectCandidate:
    analyst_id: int
    score: float  # affinity in [0, 1]
    why: str  # explanation
    # `why` as translatable pieces (engine/messages.py): rendered in the viewer's language.
    why_parts: Message = field(default=(), compare=False)


@dataclass(frozen=True)
class ProjectProposal:
    request_id: int
    lead: ProjectCandidate | None
    mentor: ProjectCandidate | None  # from another site than the lead, or None
    leads: tuple[ProjectCandidate, ...]  # ranked alternatives (best first), eligible ones only
    mentors: tuple[ProjectCandidate, ...]
    reason: str = ""  # why no lead / no mentor, in plain words
    reason_parts: Message = field(default=(), compare=False)  # `reason` as pieces


# --- Eligibility and ranking ------------------------------------------------------------------


def _as_request(r: ProjectRequest) -> Request:
    return Request(
        id=r.id,
        allowed_slots=frozenset(),
        primary_tool=r.primary_tool,
        terms=frozenset(r.terms),
        institution=r.institution,
        conflicts=frozenset(r.conflicts),
        language=r.language,
        text=r.text,
    )


def _as_analyst(a: ProjectAnalyst) -> Analyst:
    return Analyst(
        id=a.id,
        site=a.site,
        institution=a.institution,
        available_slots=frozenset(),
        accepted_rules=a.accepted_rules,
        expertise=dict(a.expertise),
        languages=frozenset(a.languages),
        name=a.name,
        text=a.text,
    )


def mentor_hours(request: ProjectRequest) -> float:
    """Hours a mentor is assumed to give to `request`."""
    return MENTOR_SHARE * request.hours


def _hundredths(hours: float) -> int:
    return round(hours * HOURS_SCALE)


NOT_ACCEPTED_RULES = "has not accepted the network rules"
CONFLICT = "is a declared conflict of interest"
SAME_INSTITUTION = "is from the requester's institution"
# Each reason of `_ineligibility`, as the message "<count> <reason>" of `_no_lead_reason`.
_EXCLUDED = {
    NOT_ACCEPTED_RULES: gettext_noop("%(count)s has not accepted the network rules"),
    CONFLICT: gettext_noop("%(count)s is a declared conflict of interest"),
    SAME_INSTITUTION: gettext_noop("%(count)s is from the requester's institution"),
}
NO_HOURS_LEFT = gettext_noop(
    "every eligible analyst who could lead it gives their hours to other projects"
)


def _ineligibility(request: ProjectRequest, analyst: ProjectAnalyst) -> str | None:
    """Why `analyst` may take no part in `request` at all, or None."""
    if not analyst.accepted_rules:
        return NOT_ACCEPTED_RULES
    if analyst.id in request.conflicts:
        return CONFLICT
    if same_institution(request.institution, analyst.institution):
        return SAME_INSTITUTION
    return None


def _number(value: float) -> str:
    return f"{value:g}"


def _hours(value: float) -> str:
    return f"{_number(value)} h"


class _Scorer:
    """Affinities of one request against analysts, computed once each."""

    def __init__(
        self,
        request: ProjectRequest,
        term_names: dict[int, str],
        vocabulary: Vocabulary | None = None,
    ):
        self.request = request
        self.engine_request = _as_request(request)
        self.term_names = term_names
        self.vocabulary = vocabulary or Vocabulary.for_names(term_names)
        self.cache: dict[int, Affinity] = {}

    def __call__(self, analyst: ProjectAnalyst) -> Affinity:
        if analyst.id not in self.cache:
            self.cache[analyst.id] = affinity(
                self.engine_request,
                _as_analyst(analyst),
                self.term_names,
                vocabulary=self.vocabulary,
            )
        return self.cache[analyst.id]


def _tool_expert(request: ProjectRequest, analyst: ProjectAnalyst) -> bool:
    return request.primary_tool is not None and (
        analyst.expertise.get(request.primary_tool) == "expert"
    )


def _lead_key(score: _Scorer, a: ProjectAnalyst) -> tuple[float, float, int]:
    return (-score(a).score, -a.capacity_hours, a.id)


def _mentor_key(score: _Scorer, a: ProjectAnalyst) -> tuple[bool, float, float, int]:
    return (not _tool_expert(score.request, a), -score(a).score, -a.capacity_hours, a.id)


def _lead_candidate(score: _Scorer, a: ProjectAnalyst) -> ProjectCandidate:
    s = score(a)
    left = piece(gettext_noop("%(hours)s h left"), hours=_number(a.capacity_hours))
    return ProjectCandidate(
        a.id, s.score, f"{s.why}; {_hours(a.capacity_hours)} left", (*s.why_parts, left)
    )


def _mentor_candidate(
    score: _Scorer, a: ProjectAnalyst, term_names: dict[int, str]
) -> ProjectCandidate:
    s = score(a)
    why, parts = s.why, list(s.why_parts)
    if _tool_expert(score.request, a):
        tool = score.request.primary_tool
        assert tool is not None  # an expert in the primary tool
        why += f"; expert in the primary tool {term_names.get(tool, f'term {tool}')}"
        name = (
            term_names[tool] if tool in term_names else [one(gettext_noop("term %(id)s"), id=tool)]
        )
        parts.append(piece(gettext_noop("expert in the primary tool %(tool)s"), tool=name))
    parts.append(piece(gettext_noop("site %(site)s"), site=a.site))
    return ProjectCandidate(a.id, s.score, f"{why}; site {a.site}", tuple(parts))


@dataclass
class _Options:
    """Eligible leads and mentors of one request, best first, and why others are not."""

    leads: list[ProjectAnalyst]
    mentors: list[ProjectAnalyst]  # any site; the lead's site is removed later
    excluded: dict[str, int]  # reason -> number of analysts
    short_of_hours: int  # eligible analysts with too little capacity to lead


def _options(
    request: ProjectRequest, analysts: Iterable[ProjectAnalyst], score: _Scorer
) -> _Options:
    leads: list[ProjectAnalyst] = []
    mentors: list[ProjectAnalyst] = []
    excluded: dict[str, int] = {}
    short = 0
    need = _hundredths(request.hours)
    need_mentor = _hundredths(mentor_hours(request))
    for a in analysts:
        why_not = _ineligibility(request, a)
        if why_not:
            excluded[why_not] = excluded.get(why_not, 0) + 1
            continue
        capacity = _hundredths(a.capacity_hours)
        if capacity >= need:
            leads.append(a)
        else:
            short += 1
        if capacity >= need_mentor:
            mentors.append(a)
    leads.sort(key=lambda a: _lead_key(score, a))
    mentors.sort(key=lambda a: _mentor_key(score, a))
    return _Options(leads, mentors, excluded, short)


def _no_lead_reason(request: ProjectRequest, options: _Options) -> Message:
    if options.short_of_hours:
        return one(
            gettext_noop(
                "no eligible analyst has %(hours)s h of capacity left "
                "(%(count)s eligible, with less)"
            ),
            hours=_number(request.hours),
            count=options.short_of_hours,
        )
    if options.excluded:
        detail = [one(_EXCLUDED[why], count=n) for why, n in sorted(options.excluded.items())]
        return one(gettext_noop("no eligible analyst (%(detail)s)"), detail=detail)
    return one(gettext_noop("no analyst"))


def _no_mentor_reason(lead: ProjectAnalyst, lead_site_only: bool) -> Message:
    if lead_site_only:
        return one(
            gettext_noop("no eligible mentor from another site than the lead's (site %(site)s)"),
            site=lead.site,
        )
    return one(gettext_noop("no eligible mentor"))


# --- One project ------------------------------------------------------------------------------


def propose_project_team(
    request: ProjectRequest,
    analysts: Sequence[ProjectAnalyst],
    term_names: dict[int, str],
    *,
    want_mentor: bool = True,
    alternatives: int = 5,
    vocabulary: Vocabulary | None = None,
) -> ProjectProposal:
    """The best lead and mentor for `request` alone, with ranked alternatives.

    `vocabulary` (optional) is the expertise vocabulary to read free text and synonyms
    with, e.g. built from the database; by default it is made from `term_names`, which
    should then name every term of the request and of the analysts' expertise."""
    score = _Scorer(request, term_names, vocabulary)
    options = _options(request, analysts, score)
    lead = options.leads[0] if options.leads else None
    return _proposal(
        request,
        options,
        score,
        term_names,
        lead=lead,
        mentor=_best_mentor(options, lead) if want_mentor else None,
        want_mentor=want_mentor,
        alternatives=alternatives,
    )


def _best_mentor(options: _Options, lead: ProjectAnalyst | None) -> ProjectAnalyst | None:
    if lead is None:
        return None
    return next((m for m in options.mentors if m.site != lead.site), None)


def _proposal(
    request: ProjectRequest,
    options: _Options,
    score: _Scorer,
    term_names: dict[int, str],
    *,
    lead: ProjectAnalyst | None,
    mentor: ProjectAnalyst | None,
    want_mentor: bool,
    alternatives: int,
    no_lead_reason: Message | None = None,
) -> ProjectProposal:
    leads = options.leads[:alternatives]
    if lead is not None and lead not in leads:
        leads = [lead, *leads[: max(0, alternatives - 1)]]
    mentors: list[ProjectAnalyst] = []
    if want_mentor:
        pool = [m for m in options.mentors if lead is None or m.site != lead.site]
        mentors = pool[:alternatives]
        if mentor is not None and mentor not in mentors:
            mentors = [mentor, *mentors[: max(0, alternatives - 1)]]
    reasons: Message = ()
    if lead is None:
        reasons = no_lead_reason or _no_lead_reason(request, options)
    elif want_mentor and mentor is None:
        reasons = _no_mentor_reason(lead, bool(options.mentors))
    return ProjectProposal(
        request_id=request.id,
        lead=_lead_candidate(score, lead) if lead else None,
        mentor=_mentor_candidate(score, mentor, term_names) if mentor else None,
        leads=tuple(_lead_candidate(score, a) for a in leads),
        mentors=tuple(_mentor_candidate(score, a, term_names) for a in mentors),
        reason=render(reasons),
        reason_parts=reasons,
    )


# --- Several projects at once -----------------------------------------------------------------


def objective_weights(n_projects: int) -> dict[str, int]:
    """Tier weights of `assign_projects`: each tier outweighs everything below it."""
    affinity_range = n_projects * 2 * points(1.0)  # lead + mentor, each at most 1.0
    tool = affinity_range + 1
    mentor = tool * (n_projects + 1)
    lead = mentor * (n_projects + 1)
    return {"lead": lead, "mentor": mentor, "tool_expert": tool, "affinity": 1}


def assign_projects(
    requests: Sequence[ProjectRequest],
    analysts: Sequence[ProjectAnalyst],
    term_names: dict[int, str],
    *,
    want_mentor: bool = True,
    time_limit: float = 10.0,
    alternatives: int = 5,
    num_workers: int = 2,
    vocabulary: Vocabulary | None = None,
) -> dict[int, ProjectProposal]:
    """A lead (and mentor) for each of `requests`, within every analyst's capacity in hours."""
    by_id = {a.id: a for a in analysts}
    vocabulary = vocabulary or Vocabulary.for_names(term_names)
    scorers = {r.id: _Scorer(r, term_names, vocabulary) for r in requests}
    options = {r.id: _options(r, analysts, scorers[r.id]) for r in requests}
    w = objective_weights(len(requests))
    model = cp_model.CpModel()
    lead_vars: dict[tuple[int, int], cp_model.IntVar] = {}
    mentor_vars: dict[tuple[int, int], cp_model.IntVar] = {}
    use: dict[int, list[Any]] = {a.id: [] for a in analysts}  # analyst -> (hundredths, var)
    terms = []
    for r in requests:
        o, score = options[r.id], scorers[r.id]
        leads: list[Any] = []
        mentors: list[Any] = []
        sites: dict[Any, Any] = {}
        for a in o.leads[:CANDIDATES]:
            v = lead_vars[r.id, a.id] = model.new_bool_var(f"lead_{r.id}_{a.id}")
            use[a.id].append((_hundredths(r.hours), v))
            terms.append((w["lead"] + points(score(a).score), v))
            leads.append(v)
            sites.setdefault(a.site, []).append(v)
        if want_mentor:
            for a in o.mentors[:CANDIDATES]:
                v = mentor_vars[r.id, a.id] = model.new_bool_var(f"mentor_{r.id}_{a.id}")
                use[a.id].append((_hundredths(mentor_hours(r)), v))
                gain = w["mentor"] + points(score(a).score)
                if _tool_expert(r, a):
                    gain += w["tool_expert"]
                terms.append((gain, v))
                mentors.append(v)
                sites.setdefault(a.site, []).append(v)
        if leads:
            model.add(sum(leads) <= 1)
        if mentors:
            model.add(sum(mentors) <= sum(leads))  # no mentor without a lead
        for members in sites.values():
            if len(members) > 1:
                model.add(sum(members) <= 1)  # lead and mentor from different sites
    for a in analysts:
        if use[a.id]:
            model.add(sum(h * v for h, v in use[a.id]) <= _hundredths(a.capacity_hours))
    model.maximize(sum(c * v for c, v in terms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = num_workers
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if not found:
        return _sequential(requests, options, scorers, term_names, want_mentor, alternatives)
    chosen_lead = {p: by_id[a] for (p, a), v in lead_vars.items() if solver.value(v)}
    chosen_mentor = {p: by_id[a] for (p, a), v in mentor_vars.items() if solver.value(v)}
    result = {}
    for r in requests:
        lead, mentor = chosen_lead.get(r.id), chosen_mentor.get(r.id)
        o = options[r.id]
        no_lead = None
        if lead is None and o.leads:
            no_lead = one(NO_HOURS_LEFT)
        result[r.id] = _proposal(
            r,
            o,
            scorers[r.id],
            term_names,
            lead=lead,
            mentor=mentor,
            want_mentor=want_mentor,
            alternatives=alternatives,
            no_lead_reason=no_lead,
        )
    return result


def _sequential(
    requests: Sequence[ProjectRequest],
    options: dict[int, _Options],
    scorers: dict[int, _Scorer],
    term_names: dict[int, str],
    want_mentor: bool,
    alternatives: int,
) -> dict[int, ProjectProposal]:
    """Fallback when the solver finds nothing in time: projects one by one, largest first."""
    left = {}
    for o in options.values():
        for a in [*o.leads, *o.mentors]:
            left[a.id] = _hundredths(a.capacity_hours)
    result = {}
    for r in sorted(requests, key=lambda r: (-r.hours, r.id)):
        o = options[r.id]
        need, need_mentor = _hundredths(r.hours), _hundredths(mentor_hours(r))
        lead = next((a for a in o.leads if left[a.id] >= need), None)
        mentor = None
        if lead is not None:
            left[lead.id] -= need
            if want_mentor:
                mentor = next(
                    (m for m in o.mentors if m.site != lead.site and left[m.id] >= need_mentor),
                    None,
                )
                if mentor is not None:
                    left[mentor.id] -= need_mentor
        result[r.id] = _proposal(
            r,
            o,
            scorers[r.id],
            term_names,
            lead=lead,
            mentor=mentor,
            want_mentor=want_mentor,
            alternatives=alternatives,
            no_lead_reason=one(NO_HOURS_LEFT) if lead is None and o.leads else None,
        )
    return {r.id: result[r.id] for r in requests}


__all__ = [
    "MENTOR_SHARE",
    "ProjectAnalyst",
    "ProjectCandidate",
    "ProjectProposal",
    "ProjectRequest",
    "assign_projects",
    "mentor_hours",
    "objective_weights",
    "propose_project_team",
]
