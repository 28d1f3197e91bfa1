"""How well requests are understood and matched: the understanding pipeline against today's scorer.

    make bench-matching                         # = .venv/bin/python benchmarks/matching/run.py
    .venv/bin/python benchmarks/matching/run.py --quick     # no panels (no solver runs)

On `benchmarks/matching/requests.json` (requests written by the project in the voice of
newcomers, each labelled with the tools an expert would bring), with the shipped catalogue
(`src/biafed/catalogue/data/`) and the demo roster (`src/biafed/people/data/demo_roster.json`),
plain engine code (no database). For each request, as written and with every catalogue
name and alias hidden ("hidden": what a newcomer who names no tool writes):

- **tool top 5**: a labelled tool among the 5 first tools suggested (requests whose labelled
  tools the catalogue has);
- **analyst top 3**: an analyst holding a labelled tool among the 3 best analysts by affinity
  (requests where the roster has such an analyst);
- **panel at 12 / 24 a day**: days of 12 and 24 requests solved by the engine with the demo
  roster (each analyst free in some of the day's slots, two sessions a day at most): a panel
  member holds a labelled tool (requests where the roster has one);
- **latency**: the time to read one request with the whole catalogue (median, p95).

"today" is main's pipeline: the shipped 69-term vocabulary with its synonyms and BM25 over
its descriptions (`Vocabulary.shipped()`, `suggestions`, free-text affinity). The set is
split once, by position, into a development part (two thirds) and a held-out third; the
weights in `engine/understand.py` were set looking at the development part only. Writes
`benchmarks/results/matching.json`.
"""

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from biafed.matching.engine import (  # noqa: E402
    Analyst,
    Instance,
    Parameters,
    Request,
    Slot,
    Understander,
    Vocabulary,
    affinity_matrix,
    load_files,
    solve,
    suggestions,
)
from biafed.matching.engine.languages import fold  # noqa: E402

DATA = ROOT / "src" / "biafed" / "catalogue" / "data"
REQUESTS = ROOT / "benchmarks" / "matching" / "requests.json"
ROSTER = ROOT / "src" / "biafed" / "people" / "data" / "demo_roster.json"
RESULTS = ROOT / "benchmarks" / "results" / "matching.json"
FIELDS = ("title", "biological_question", "objects_of_interest", "measurements", "tried_so_far")
CONTEXT = ("modality", "dimensionality", "image_count_and_size")
MAX_NEEDS, MAIN_NEED_MIN = 12, 0.5  # as matching/services/building.py


def load_catalogue():
    plain = DATA / "edam_plain.json"
    return load_files(
        DATA / "software.json",
        plain if plain.exists() else None,
        DATA / "edam" / "EDAM-bioimaging_alpha06.tsv",
    )


def hider(catalogue):
    """A function removing every tool name and alias from a text."""
    names = {fold(n) for e in catalogue.entries if e.family == "tool" for n in (e.name, *e.aliases)}
    names = sorted((n for n in names if len(n) >= 2), key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")

    def hide(text: str) -> str:
        folded = fold(text)
        out, last = [], 0
        for m in pattern.finditer(folded):  # fold keeps lengths for Latin text
            out.append(text[last : m.start()])
            last = m.end()
        out.append(text[last:])
        return "".join(out) if len(folded) == len(text) else pattern.sub("", folded)

    return hide


def segments(request, hide=None):
    out = []
    for f in (*FIELDS, *CONTEXT):
        value = request.get(f) or ""
        if value:
            out.append((f, hide(value) if hide else value))
    return out


def lookup(catalogue):
    """Folded name or alias -> entry ids (tools first)."""
    table = {}
    for e in catalogue.entries:
        for n in (e.name, *e.aliases, *e.name.split("/")):
            if n.strip():
                table.setdefault(fold(n.strip()), []).append(e.id)
    return table


def roster_in(catalogue):
    """The demo roster's analysts, their expertise mapped onto catalogue entry ids, with the
    software expertise the catalogue's demo adds (`catalogue/data/demo_expertise.json`)."""
    roster = json.loads(ROSTER.read_text("utf-8"))["analysts"]
    names = lookup(catalogue)
    by_slug = {e.slug: e for e in catalogue.entries}
    methods = json.loads((DATA / "vocabulary_map.json").read_text("utf-8")).get("methods", {})
    extra = json.loads((DATA / "demo_expertise.json").read_text("utf-8"))["analysts"]
    method_entry = {e.edam: e.id for e in catalogue.entries if e.edam}
    analysts = []
    for i, a in enumerate(roster, start=1):
        expertise = {}
        for name, level in a["expertise"].items():
            ids = names.get(fold(name), [])
            if not ids:
                for part in name.split("/"):
                    ids += names.get(fold(part.strip()), [])
            if name in methods and methods[name] in method_entry:
                ids.append(method_entry[methods[name]])
            for entry in ids:
                expertise[entry] = level
        for slug, level in extra.get(a["email"], {}).items():  # as catalogue.demo adds them
            entry = by_slug.get(slug)
            if entry is not None:
                expertise[entry.id] = level
        analysts.append((i, a, expertise))
    return analysts


def percent(hits, total):
    return round(100.0 * hits / total, 1) if total else None


def split(requests):
    dev = [r for i, r in enumerate(requests) if i % 3 != 2]
    held = [r for i, r in enumerate(requests) if i % 3 == 2]
    return {"all": requests, "development": dev, "held_out": held}


def measure_tools(requests, top_tools):
    """Share of requests with a labelled tool among their first five."""
    hits = total = 0
    for r in requests:
        if not r["known_tools"]:
            continue
        total += 1
        hits += bool(set(top_tools[r["id"]][:5]) & r["known_tools"])
    return {"percent": percent(hits, total), "requests": total}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="no panels (no solver runs)")
    parser.add_argument("--time-limit", type=float, default=3.0, help="solver seconds per day")
    args = parser.parse_args()

    catalogue = load_catalogue()
    reader = Understander(catalogue)
    by_slug = {e.slug: e for e in catalogue.entries}
    hide = hider(catalogue)
    data = json.loads(REQUESTS.read_text("utf-8"))["requests"]
    for r in data:
        r["known_tools"] = {s for s in r["tools"] if s in by_slug}

    # --- Suggestions and latency ------------------------------------------------------------
    new_top, new_needs, latencies = {}, {}, []
    for variant, fn in (("written", None), ("hidden", hide)):
        for r in data:
            started = time.perf_counter()
            read = reader.understand(segments(r, fn))
            latencies.append(1000 * (time.perf_counter() - started))
            new_top[variant, r["id"]] = [reader.entry(n.entry).slug for n in read.of_family("tool")]
            new_needs[variant, r["id"]] = read
    today = Vocabulary.shipped()
    names = lookup(catalogue)
    today_slug = {}
    for term_id, term in today.terms.items():
        ids = names.get(fold(term.name), []) or [
            i for part in term.name.split("/") for i in names.get(fold(part.strip()), [])
        ]
        today_slug[term_id] = {reader.entry(i).slug for i in ids}
    today_top = {}
    for variant, fn in (("written", None), ("hidden", hide)):
        for r in data:
            text = "\n".join(t for _f, t in segments(r, fn))
            found = suggestions(text, today, 8)
            tools = [t for t, _f in found if today.terms[t].family == "tool"]
            today_top[variant, r["id"]] = [s for t in tools for s in sorted(today_slug[t])]

    parts = split(data)
    results = {"catalogue_entries": len(catalogue.entries), "requests": len(data), "variants": {}}
    for variant in ("written", "hidden"):
        out = results["variants"].setdefault(variant, {})
        for part, items in parts.items():
            out.setdefault(part, {})["tool_top5"] = {
                "understanding": measure_tools(
                    items, {r["id"]: new_top[variant, r["id"]] for r in items}
                ),
                "today": measure_tools(
                    items, {r["id"]: today_top[variant, r["id"]] for r in items}
                ),
            }

    # --- Analysts by affinity -------------------------------------------------------------
    roster = roster_in(catalogue)
    term_names = {e.id: e.name for e in catalogue.entries}
    today_ids = {fold(t.name): t_id for t_id, t in today.terms.items()}
    slots = (Slot(id=1, rooms=1),)

    def analysts_new():
        return tuple(
            Analyst(
                id=i,
                site=i,
                institution=a["host_facility"],
                available_slots=frozenset({1}),
                expertise=expertise,
                languages=frozenset(a["languages"]),
            )
            for i, a, expertise in roster
        )

    def analysts_today():
        return tuple(
            Analyst(
                id=i,
                site=i,
                institution=a["host_facility"],
                available_slots=frozenset({1}),
                expertise={
                    today_ids[fold(n)]: lvl
                    for n, lvl in a["expertise"].items()
                    if fold(n) in today_ids
                },
                languages=frozenset(a["languages"]),
            )
            for i, a, _e in roster
        )

    holders = {}
    for r in data:
        holders[r["id"]] = {
            i
            for i, _a, expertise in roster
            if {reader.entry(e).slug for e in expertise if e in reader.entries} & r["known_tools"]
        }

    def request_new(r, variant, slot_ids=frozenset({1})):
        read = new_needs[variant, r["id"]]
        needs = {n.entry: n.weight for n in read.needs[:MAX_NEEDS]}
        main = next((n.entry for n in read.needs if n.weight >= MAIN_NEED_MIN), None)
        return Request(
            id=int(r["id"][1:]),
            allowed_slots=frozenset(slot_ids),
            needs=needs,
            main_need=main,
            language=r["language"],
            text="\n".join(t for _f, t in segments(r, hide if variant == "hidden" else None)),
        )

    def request_today(r, variant, slot_ids=frozenset({1})):
        return Request(
            id=int(r["id"][1:]),
            allowed_slots=frozenset(slot_ids),
            text="\n".join(t for _f, t in segments(r, hide if variant == "hidden" else None)),
            language=r["language"],
        )

    for variant in ("written", "hidden"):
        scored = {}
        for name, make_request, analysts, names_of in (
            ("understanding", request_new, analysts_new(), term_names),
            ("today", request_today, analysts_today(), {i: t.name for i, t in today.terms.items()}),
        ):
            instance = Instance(
                slots=slots,
                requests=tuple(make_request(r, variant) for r in data),
                analysts=analysts,
                term_names=names_of,
            )
            matrix = affinity_matrix(instance)
            ids = [a.id for a in analysts]
            scored[name] = {
                r["id"]: [ids[j] for j in sorted(range(len(ids)), key=lambda j: -matrix[k, j])[:3]]
                for k, r in enumerate(data)
            }
        for part, items in parts.items():
            entry = results["variants"][variant][part]
            for name in ("understanding", "today"):
                counted = [r for r in items if holders[r["id"]]]
                hits = sum(bool(set(scored[name][r["id"]]) & holders[r["id"]]) for r in counted)
                entry.setdefault("analyst_top3", {})[name] = {
                    "percent": percent(hits, len(counted)),
                    "requests": len(counted),
                }

    # --- Panels on days of 12 and 24 requests -----------------------------------------------
    if not args.quick:
        rng = random.Random(11)
        order = list(data)
        rng.shuffle(order)
        for size in (12, 24):
            rooms = size // 4
            day_slots = tuple(Slot(id=s, rooms=rooms, day="d") for s in range(1, 5))
            free = {i: frozenset(rng.sample(range(1, 5), 3)) for i, _a, _e in roster}
            counts = {"understanding": [0, 0], "today": [0, 0]}
            per_part = {p: {"understanding": [0, 0], "today": [0, 0]} for p in parts}
            part_of = {
                r["id"]: ("held_out" if i % 3 == 2 else "development") for i, r in enumerate(data)
            }
            for start in range(0, len(order) - size + 1, size):
                day = order[start : start + size]
                for name, make_request, analysts, names_of in (
                    ("understanding", request_new, analysts_new(), term_names),
                    (
                        "today",
                        request_today,
                        analysts_today(),
                        {i: t.name for i, t in today.terms.items()},
                    ),
                ):
                    analysts = tuple(
                        Analyst(**{**a.__dict__, "available_slots": free[a.id], "daily_cap": 2})
                        for a in analysts
                    )
                    slot_ids = frozenset(s.id for s in day_slots)
                    instance = Instance(
                        slots=day_slots,
                        requests=tuple(make_request(r, "hidden", slot_ids) for r in day),
                        analysts=analysts,
                        term_names=names_of,
                        parameters=Parameters(panel_min=2, panel_max=3),
                    )
                    solution = solve(instance, time_limit=args.time_limit, num_workers=2)
                    for r in day:
                        if not holders[r["id"]]:
                            continue
                        panel = {s.analyst_id for s in solution.assignment(int(r["id"][1:])).panel}
                        hit = bool(panel & holders[r["id"]])
                        for bucket in (
                            counts[name],
                            per_part["all"][name],
                            per_part[part_of[r["id"]]][name],
                        ):
                            bucket[0] += hit
                            bucket[1] += 1
            for part in parts:
                results["variants"]["hidden"][part][f"panel_{size}_a_day"] = {
                    name: {"percent": percent(h, n), "requests": n}
                    for name, (h, n) in per_part[part].items()
                }

    latencies.sort()
    results["latency_ms"] = {
        "median": round(statistics.median(latencies), 2),
        "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 2),
        "max": round(latencies[-1], 2),
        "reads": len(latencies),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
