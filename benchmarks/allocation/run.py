"""Allocation benchmark: the joint CP-SAT/HiGHS engine against a greedy and a two-stage baseline.

Run from the repository root (``make bench-allocation`` does exactly this):

    .venv/bin/python benchmarks/allocation/run.py            # everything (~10-15 min on 2 cores)
    .venv/bin/python benchmarks/allocation/run.py --quick    # without the stress case
    .venv/bin/python benchmarks/allocation/run.py --only national-day --time-limit 20

For each seeded instance of `biafed.matching.engine.PRESETS` (F-BIAS day
24x20, national day 200x100, continental week 2,000x500, stress 20,000x2,000)
and each method (`biafed`: the engine; `greedy`: the former ranker day by day;
`two-stage`: panels by min-cost flow ignoring slots, then slots), one fresh
Python process generates the instance, runs the method and scores the result
with the independent checker (`check.violations`) and `solution.figures`. Its
peak resident memory (``ru_maxrss``: interpreter, imports, instance, method and
scoring; the instance alone is shown apart) is the `peak_mb` of that run.

Prints a table, states each target as met or MISSED, and writes
benchmarks/results/allocation.json (a list of objects with the keys `KEYS`).
See docs/allocation.md, "Benchmark".
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO_DIR / "benchmarks" / "results" / "allocation.json"
sys.path.insert(0, str(REPO_DIR / "src"))

INSTANCES = ("fbias-day", "national-day", "continental-week", "stress")
METHODS = ("biafed", "greedy", "two-stage")
KEYS = (
    "instance",
    "method",
    "objective",
    "bound",
    "gap_pct",
    "served",
    "requests",
    "min_panel_affinity",
    "load_max",
    "load_std",
    "violations",
    "wall_s",
    "peak_mb",
)
# The engine's time limit per instance (seconds); it stops earlier once every tier is proven.
TIME_LIMITS = {"fbias-day": 10.0, "national-day": 9.0, "continental-week": 55.0, "stress": 300.0}
# (instance, largest gap in %, largest wall time in s) for the engine; memory for every run.
TARGETS = {
    "fbias-day": (0.0, 2.0),
    "national-day": (0.5, 10.0),
    "continental-week": (2.0, 60.0),
}
MEMORY_TARGET_MB = 2048
SEED = 1


def say(message: str = "") -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- one run (child)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(instance_name: str, method: str, time_limit: float, workers: int, seed: int) -> dict:
    """Generate, run one method, score; the dict of `KEYS` plus a few details."""
    from biafed.matching.engine import figures, greedy, preset, solve, two_stage, violations

    instance = preset(instance_name, seed=seed)
    before_mb = _rss_mb()
    start = time.perf_counter()
    if method == "biafed":
        solution = solve(instance, time_limit=time_limit, num_workers=workers, seed=seed)
    elif method == "greedy":
        solution = greedy(instance)
    else:
        solution = two_stage(instance)
    wall = time.perf_counter() - start
    problems = violations(instance, solution)
    numbers = figures(instance, solution)
    row = {k: numbers.get(k) for k in KEYS}
    row.update(instance=instance_name, method=method, wall_s=round(wall, 3))
    row["violations"] = len(problems)
    row["peak_mb"] = round(_rss_mb(), 1)
    detail = {
        "status": solution.status,
        "gap_tier": solution.gap_tier,
        "parts": solution.parts,
        "instance_mb": round(before_mb, 1),
        "first_violations": problems[:3],
        "tiers": {k: [t.value, t.bound, t.proven] for k, t in solution.tiers.items()},
    }
    return {"row": row, "detail": detail}


# --------------------------------------------------------------------------- the whole run


def run_one(name: str, method: str, time_limit: float, workers: int, seed: int, guard: float):
    """One child process; None (and the reason) when it fails or overruns `guard` seconds."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        name,
        method,
        str(time_limit),
        str(workers),
        str(seed),
    ]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=guard)
    except subprocess.TimeoutExpired:
        return None, f"stopped after {guard:.0f} s"
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        return None, f"exit {done.returncode}: {' | '.join(tail)}"
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["detail"]["process_s"] = round(time.perf_counter() - started, 1)
    return result, ""


def _cell(value, digits: int = 3) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int) and abs(value) >= 10**12:
        return f"{value:.3e}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(rows: list[dict], details: dict) -> str:
    header = [
        "instance",
        "method",
        "status",
        "gap %",
        "(tier)",
        "served",
        "min aff",
        "load max",
        "load std",
        "viol",
        "wall s",
        "peak MB",
        "inst MB",
        "objective",
        "bound",
    ]
    lines = [header]
    for row in rows:
        d = details.get((row["instance"], row["method"]), {})
        lines.append(
            [
                row["instance"],
                row["method"],
                d.get("status", "-"),
                _cell(row["gap_pct"], 4),
                d.get("gap_tier") or "-",
                f"{row['served']:,}/{row['requests']:,}",
                _cell(row["min_panel_affinity"]),
                _cell(row["load_max"]),
                _cell(row["load_std"]),
                _cell(row["violations"]),
                _cell(row["wall_s"], 2),
                _cell(row["peak_mb"], 0),
                _cell(d.get("instance_mb"), 0),
                _cell(row["objective"]),
                _cell(row["bound"]),
            ]
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append(
            "  ".join(
                str(c).rjust(w) if n and i > 1 else str(c).ljust(w)
                for i, (c, w) in enumerate(zip(line, widths, strict=True))
            )
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in out)


def tiers_line(detail: dict) -> str:
    """Each objective tier of the engine: value, bound, proven or not."""
    parts = []
    for name, (value, bound, proven) in detail.get("tiers", {}).items():
        if proven:
            parts.append(f"{name} {value:,} optimal")
        else:
            parts.append(f"{name} {value:,} (bound {bound:,})")
    return "; ".join(parts)


def verdicts(rows: list[dict], missing: list[str], details: dict) -> list[str]:
    """One line per target: met or MISSED, with the figures that decide."""
    by = {(r["instance"], r["method"]): r for r in rows}
    out = []
    for name, (gap_max, wall_max) in TARGETS.items():
        r = by.get((name, "biafed"))
        if r is None:
            if any(m.startswith(f"{name}/biafed") for m in missing):
                out.append(f"{name}: MISSED (the run did not finish)")
            continue
        gap = r["gap_pct"]
        ok = gap is not None and gap <= gap_max and r["wall_s"] < wall_max
        what = "proven optimal" if gap_max == 0 else f"within {gap_max} % of the bound"
        tier = details.get((name, "biafed"), {}).get("gap_tier") or "none"
        out.append(
            f"{name}: {what} in < {wall_max:g} s -> {'met' if ok else 'MISSED'} "
            f"(gap {_cell(gap, 4)} % on the first tier not proven: {tier}; {r['wall_s']:.2f} s)"
        )
    peak = [r for r in rows if r["method"] == "biafed"]
    if peak:
        top = max(peak, key=lambda r: r["peak_mb"])
        ok = top["peak_mb"] < MEMORY_TARGET_MB
        out.append(
            f"memory < 2 GB (engine, every instance run): {'met' if ok else 'MISSED'} "
            f"(largest {top['peak_mb']:,.0f} MB, {top['instance']})"
        )
    bad = [r for r in rows if r["method"] == "biafed" and r["violations"]]
    out.append(
        "hard-constraint violations of the engine: "
        + ("0 on every instance -> met" if not bad else f"MISSED on {len(bad)} runs")
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", choices=INSTANCES, help="this instance only")
    parser.add_argument("--quick", action="store_true", help="skip the stress case")
    parser.add_argument("--time-limit", type=float, help="engine time limit for every instance")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated methods")
    parser.add_argument("--workers", type=int, default=2, help="engine threads (default 2)")
    parser.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED})")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        name, method, limit, workers, seed = args.child
        print(json.dumps(child(name, method, float(limit), int(workers), int(seed))))
        return 0

    names = args.only or [n for n in INSTANCES if not (args.quick and n == "stress")]
    methods = [m for m in args.methods.split(",") if m]
    for m in methods:
        if m not in METHODS:
            parser.error(f"unknown method {m!r} (expected {', '.join(METHODS)})")
    load_before = os.getloadavg()
    say(
        f"allocation benchmark: {os.cpu_count()} cores, load average "
        f"{load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} (1/5/15 min), "
        f"seed {args.seed}, {args.workers} engine threads"
    )
    rows: list[dict] = []
    details: dict = {}
    missing: list[str] = []
    loads = []
    started = time.perf_counter()
    for name in names:
        limit = args.time_limit if args.time_limit is not None else TIME_LIMITS[name]
        for method in methods:
            guard = (limit if method == "biafed" else 0) * 2 + 900
            say(f"  {name} / {method} ...")
            loads.append(os.getloadavg()[0])
            result, why = run_one(name, method, limit, args.workers, args.seed, guard)
            if result is None:
                missing.append(f"{name}/{method}: {why}")
                say(f"    failed: {why}")
                continue
            rows.append(result["row"])
            details[name, method] = result["detail"]
            r = result["row"]
            say(
                f"    {r['served']}/{r['requests']} served, gap {_cell(r['gap_pct'], 4)} %, "
                f"{r['violations']} violations, {r['wall_s']:.2f} s, {r['peak_mb']:.0f} MB"
            )

    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    tmp = RESULTS_FILE.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    tmp.replace(RESULTS_FILE)

    load_after = os.getloadavg()
    say()
    say(table(rows, details))
    say()
    for line in verdicts(rows, missing, details):
        say(line)
    say()
    say("objective tiers of the engine (value, and bound when not proven):")
    for (name, method), detail in details.items():
        if method == "biafed":
            say(f"  {name}: {tiers_line(detail)}")
    for line in missing:
        say(f"not run to the end: {line}")
    busiest = max([load_before[0], *loads, load_after[0]])
    say()
    say(
        f"whole run {time.perf_counter() - started:.0f} s; load average (1 min) before "
        f"{load_before[0]:.2f}, highest seen {busiest:.2f}, after {load_after[0]:.2f} on "
        f"{os.cpu_count()} cores"
        + (
            " -- a shared, busy machine: times are longer than on an idle one"
            if busiest > 1.5
            else ""
        )
    )
    say(f"results written to {RESULTS_FILE.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
