"""Project mode explanations and reasons also come as translatable pieces.

`why_parts` / `reason_parts` render to exactly the English `why` / `reason`, and every
sentence of them goes through the translation (nothing English is glued outside a piece).
"""

import random

from biafed.matching.engine import assign_projects, propose_project_team, render
from tests.matching.engine.test_project import NAMES, NAPARI, SEG, person, project, random_case


def _proposals(p):
    candidates = [c for c in (p.lead, p.mentor, *p.leads, *p.mentors) if c is not None]
    return [(c.why_parts, c.why) for c in candidates] + [(p.reason_parts, p.reason)]


def _translate(msgid: str) -> str:
    out, i = [], 0
    while i < len(msgid):
        if msgid.startswith("%(", i):
            end = msgid.index(")", i) + 2
            out.append(msgid[i:end])
            i = end
        else:
            out.append(msgid[i].upper())
            i += 1
    return "".join(out)


def test_the_pieces_give_the_english_text_in_every_case():
    rng = random.Random(7)
    checked = 0
    for _ in range(40):
        requests, analysts = random_case(rng)
        for r in requests:
            p = propose_project_team(r, analysts, NAMES)
            for parts, text in _proposals(p):
                assert render(parts) == text
                checked += 1
        for p in assign_projects(requests, analysts, NAMES, time_limit=1).values():
            for parts, text in _proposals(p):
                assert render(parts) == text
    assert checked > 100


def test_every_sentence_of_a_lead_a_mentor_and_a_reason_is_translated():
    analysts = [
        person(1, site=1, expertise={SEG: "expert"}, hours=80),
        person(2, site=2, expertise={NAPARI: "expert"}, hours=4),
    ]
    team = propose_project_team(project(primary_tool=NAPARI), analysts, NAMES)
    alone = propose_project_team(project(), analysts[:1], NAMES)
    short = propose_project_team(project(), [person(1, hours=10)], NAMES)
    barred = propose_project_team(
        project(conflicts=frozenset({1})), [person(1), person(2, accepted_rules=False)], NAMES
    )

    assert render(team.lead.why_parts, _translate) == "MATCHED: segmentation (EXPERT); 80 H LEFT"
    assert render(team.mentor.why_parts, _translate) == (
        "MATCHED: napari (EXPERT, PRIMARY TOOL); EXPERT IN THE PRIMARY TOOL napari; SITE 2"
    )
    assert render(alone.reason_parts, _translate) == (
        "NO ELIGIBLE MENTOR FROM ANOTHER SITE THAN THE LEAD'S (SITE 1)"
    )
    assert render(short.reason_parts, _translate) == (
        "NO ELIGIBLE ANALYST HAS 40 H OF CAPACITY LEFT (1 ELIGIBLE, WITH LESS)"
    )
    assert render(barred.reason_parts, _translate) == (
        "NO ELIGIBLE ANALYST (1 HAS NOT ACCEPTED THE NETWORK RULES, "
        "1 IS A DECLARED CONFLICT OF INTEREST)"
    )


def test_projects_left_without_a_lead_by_the_others_say_so_in_pieces():
    analysts = [
        person(1, site=1, expertise={SEG: "expert"}, hours=40),
        person(2, site=2, expertise={SEG: "expert"}, hours=4),
    ]
    both = assign_projects([project(1), project(2)], analysts, NAMES)

    unserved = next(p for p in both.values() if not p.lead)
    assert render(unserved.reason_parts, _translate) == (
        "EVERY ELIGIBLE ANALYST WHO COULD LEAD IT GIVES THEIR HOURS TO OTHER PROJECTS"
    )
