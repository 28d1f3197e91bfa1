"""Project mode: a lead by expertise and capacity in hours, a mentor from another site."""

import itertools
import random

import pytest

from biafed.matching.engine import Analyst, Request
from biafed.matching.engine.affinity import affinity, points
from biafed.matching.engine.project import (
    MENTOR_SHARE,
    ProjectAnalyst,
    ProjectRequest,
    assign_projects,
    objective_weights,
    propose_project_team,
)

SEG, TRACK, NAPARI, FIJI = 1, 2, 3, 4
NAMES = {SEG: "segmentation", TRACK: "tracking", NAPARI: "napari", FIJI: "Fiji"}


def person(id, *, site=None, institution=None, hours=100.0, **kwargs):
    return ProjectAnalyst(
        id=id,
        site=site if site is not None else id,
        institution=institution if institution is not None else f"Institute {id}",
        capacity_hours=hours,
        **kwargs,
    )


def project(id=1, *, terms=(SEG,), hours=40.0, **kwargs):
    return ProjectRequest(id=id, terms=frozenset(terms), hours=hours, **kwargs)


def test_the_lead_has_the_best_affinity_then_the_most_capacity_left():
    analysts = [
        person(1, expertise={SEG: "advise"}, hours=300),
        person(2, expertise={SEG: "expert"}, hours=50),
        person(3, expertise={SEG: "expert"}, hours=80),
    ]

    p = propose_project_team(project(), analysts, NAMES)

    assert p.lead.analyst_id == 3
    assert [c.analyst_id for c in p.leads] == [3, 2, 1]
    assert p.lead.why == "matched: segmentation (expert); 80 h left"
    assert p.lead.score == 0.9


def test_a_lead_must_be_eligible_and_have_the_hours():
    analysts = [
        person(1, expertise={SEG: "expert"}, accepted_rules=False),
        person(2, expertise={SEG: "expert"}, institution="Institut Pasteur"),
        person(3, expertise={SEG: "expert"}),
        person(4, expertise={SEG: "expert"}, hours=39.5),
        person(5, expertise={SEG: "advise"}, hours=40),
    ]
    request = project(institution=" institut pasteur ", conflicts=frozenset({3}))

    p = propose_project_team(request, analysts, NAMES)

    assert p.lead.analyst_id == 5
    assert [c.analyst_id for c in p.leads] == [5]


def test_no_lead_is_explained_in_plain_words():
    short = propose_project_team(project(), [person(1, hours=10), person(2, hours=5)], NAMES)
    barred = propose_project_team(
        project(conflicts=frozenset({1})), [person(1), person(2, accepted_rules=False)], NAMES
    )

    assert (short.lead, short.mentor) == (None, None)
    assert short.reason == "no eligible analyst has 40 h of capacity left (2 eligible, with less)"
    assert barred.reason == (
        "no eligible analyst (1 has not accepted the network rules, "
        "1 is a declared conflict of interest)"
    )


def test_the_mentor_comes_from_another_site_and_prefers_primary_tool_experts():
    analysts = [
        person(1, site=1, expertise={SEG: "expert", NAPARI: "expert"}),
        person(2, site=1, expertise={SEG: "expert", NAPARI: "expert"}, hours=90),
        person(3, site=2, expertise={SEG: "expert", NAPARI: "advise"}),
        person(4, site=3, expertise={NAPARI: "expert"}, hours=4),  # 10% of 40 h
        person(5, site=4, expertise={NAPARI: "expert"}, hours=3.9),
    ]

    p = propose_project_team(project(primary_tool=NAPARI), analysts, NAMES)

    assert (p.lead.analyst_id, p.mentor.analyst_id) == (1, 4)
    assert [c.analyst_id for c in p.mentors] == [4, 3]
    assert p.mentor.why.endswith("; expert in the primary tool napari; site 3")
    assert p.reason == ""


def test_no_mentor_when_not_wanted_or_when_everyone_is_on_the_lead_site():
    analysts = [person(1, site=1, expertise={SEG: "expert"}), person(2, site=1)]

    unwanted = propose_project_team(project(), analysts, NAMES, want_mentor=False)
    same_site = propose_project_team(project(), analysts, NAMES)

    assert (unwanted.mentor, unwanted.mentors, unwanted.reason) == (None, (), "")
    assert same_site.mentor is None
    assert same_site.reason == "no eligible mentor from another site than the lead's (site 1)"


def test_alternatives_are_limited():
    analysts = [person(i, expertise={SEG: "expert"}) for i in range(1, 10)]

    p = propose_project_team(project(), analysts, NAMES, alternatives=3)

    assert (len(p.leads), len(p.mentors)) == (3, 3)


def test_assign_projects_respects_capacity_across_projects():
    analysts = [
        person(1, expertise={SEG: "expert", TRACK: "expert"}, hours=60),
        person(2, expertise={TRACK: "advise"}, hours=60),
        person(3, expertise={SEG: "advise"}, hours=60),
    ]
    requests = [project(1, terms=(SEG,)), project(2, terms=(TRACK,))]

    alone = [propose_project_team(r, analysts, NAMES, want_mentor=False) for r in requests]
    both = assign_projects(requests, analysts, NAMES, want_mentor=False, time_limit=5)

    assert [p.lead.analyst_id for p in alone] == [1, 1]  # each alone wants analyst 1
    assert (both[1].lead.analyst_id, both[2].lead.analyst_id) == (1, 2)


def test_assign_projects_counts_mentoring_hours_and_says_when_leads_are_used_up():
    analysts = [
        person(1, site=1, expertise={SEG: "expert"}, hours=40),
        person(2, site=2, expertise={SEG: "expert"}, hours=4),
    ]
    requests = [project(1), project(2)]

    both = assign_projects(requests, analysts, NAMES)

    leads = sorted(p.lead is not None for p in both.values())
    assert leads == [False, True]
    served = next(p for p in both.values() if p.lead)
    unserved = next(p for p in both.values() if not p.lead)
    assert (served.lead.analyst_id, served.mentor.analyst_id) == (1, 2)
    assert unserved.reason == (
        "every eligible analyst who could lead it gives their hours to other projects"
    )


# --- Brute force ------------------------------------------------------------------------------


def random_case(rng):
    analysts = [
        person(
            i,
            site=rng.randint(1, 3),
            institution=rng.choice(["A", "B", "C", "D"]),
            hours=rng.choice([0, 5, 20, 40, 60]),
            expertise={
                t: rng.choice(["expert", "advise"]) for t in rng.sample([SEG, TRACK, NAPARI], 2)
            },
            accepted_rules=rng.random() > 0.1,
        )
        for i in range(1, rng.randint(3, 5) + 1)
    ]
    requests = [
        project(
            r,
            terms=rng.sample([SEG, TRACK, NAPARI, FIJI], rng.randint(1, 2)),
            primary_tool=rng.choice([None, NAPARI]),
            institution=rng.choice(["A", "B", "C", "D"]),
            hours=rng.choice([10, 20, 40]),
            conflicts=frozenset(rng.sample(range(1, 6), rng.randint(0, 1))),
        )
        for r in range(1, rng.randint(1, 3) + 1)
    ]
    return requests, analysts


def score(r, a):
    """The open-desk affinity of the pair, computed on the engine's own types."""
    return affinity(
        Request(
            id=r.id,
            allowed_slots=frozenset(),
            terms=r.terms,
            primary_tool=r.primary_tool,
            language=r.language,
        ),
        Analyst(
            id=a.id,
            site=a.site,
            institution=a.institution,
            available_slots=frozenset(),
            expertise=a.expertise,
            languages=a.languages,
        ),
        NAMES,
    ).score


def value(requests, analysts, teams, want_mentor):
    """The documented objective of `teams` (request -> (lead, mentor) ids), or None if invalid."""
    w = objective_weights(len(requests))
    by_id = {a.id: a for a in analysts}
    used = dict.fromkeys(by_id, 0.0)
    total = 0
    for r in requests:
        lead, mentor = teams[r.id]
        if mentor is not None and (lead is None or not want_mentor):
            return None
        for a_id in (lead, mentor):
            if a_id is None:
                continue
            a = by_id[a_id]
            if not a.accepted_rules or a.id in r.conflicts or a.institution == r.institution:
                return None
        if lead is not None:
            used[lead] += r.hours
            total += w["lead"] + points(score(r, by_id[lead]))
        if mentor is not None:
            if by_id[mentor].site == by_id[lead].site:
                return None
            used[mentor] += MENTOR_SHARE * r.hours
            m = by_id[mentor]
            total += w["mentor"] + points(score(r, m))
            if r.primary_tool is not None and m.expertise.get(r.primary_tool) == "expert":
                total += w["tool_expert"]
    if any(round(used[a] * 100) > round(by_id[a].capacity_hours * 100) for a in used):
        return None
    return total


@pytest.mark.parametrize("seed", range(25))
def test_assign_projects_reaches_the_brute_force_optimum(seed):
    rng = random.Random(seed)
    requests, analysts = random_case(rng)
    want_mentor = seed % 3 != 0
    choices = [None, *(a.id for a in analysts)]
    ids = [r.id for r in requests]
    best = max(
        v
        for combo in itertools.product(itertools.product(choices, choices), repeat=len(requests))
        if (v := value(requests, analysts, dict(zip(ids, combo, strict=True)), want_mentor))
        is not None
    )

    got = assign_projects(requests, analysts, NAMES, want_mentor=want_mentor, time_limit=5)
    teams = {
        r: (p.lead.analyst_id if p.lead else None, p.mentor.analyst_id if p.mentor else None)
        for r, p in got.items()
    }

    assert value(requests, analysts, teams, want_mentor) == best
