"""`biafed-allocate instance.json`: solve an instance and print the schedule and its figures.

Exit status: 0 when a solution was found and breaks no hard constraint, 1 when
none was found (or, which would be a bug, it breaks one), 2 when the instance
cannot be read.
"""

import argparse
import json
import os
import sys
from dataclasses import replace
from typing import Any

from biafed.matching.engine.check import violations
from biafed.matching.engine.greedy import greedy
from biafed.matching.engine.instance import (
    TEXT_SCORERS,
    Instance,
    InstanceError,
    load_instance,
    loads_instance,
)
from biafed.matching.engine.solution import Solution, figures, solution_to_dict
from biafed.matching.engine.solve import solve
from biafed.matching.engine.twostage import two_stage


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="biafed-allocate",
        description="Assign open-desk requests to slots and panels (format: docs/allocation.md).",
    )
    parser.add_argument("instance", help="instance JSON file, or - for standard input")
    parser.add_argument(
        "--time-limit", type=float, default=30.0, help="seconds for the solver (default 30)"
    )
    parser.add_argument("--workers", type=int, default=2, help="solver threads (default 2)")
    parser.add_argument(
        "--method",
        choices=("biafed", "greedy", "two-stage"),
        default="biafed",
        help=(
            "biafed: the exact model (default); greedy: the old ranker; two-stage: panels by "
            "min-cost flow, then slots (both for comparison)"
        ),
    )
    parser.add_argument(
        "--text-scorer",
        choices=TEXT_SCORERS,
        help=(
            "how free text is compared with the expertise vocabulary (default: the "
            "AFFINITY_TEXT_SCORER environment variable, else the instance's parameters)"
        ),
    )
    parser.add_argument("--json", action="store_true", help="print the solution as JSON")
    return parser


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def render(
    instance: Instance, solution: Solution, numbers: dict[str, Any], problems: list[str]
) -> str:
    requests = instance.request_by_id
    analysts = instance.analyst_by_id
    slots = instance.slot_by_id
    rows = [["request", "slot", "room", "panel (affinity)", "why"]]
    order = {s.id: i for i, s in enumerate(instance.slots)}
    served = sorted(
        (a for a in solution.assignments if a.served),
        key=lambda a: (order.get(a.slot_id or 0, 0), a.room or 0),
    )
    for a in served:
        r = requests[a.request_id]
        slot = slots.get(a.slot_id or 0)
        for i, seat in enumerate(a.panel or [None]):
            who = ""
            if seat is not None:
                name = analysts[seat.analyst_id].name if seat.analyst_id in analysts else ""
                who = f"{name or seat.analyst_id} ({seat.score:.2f})"
            rows.append(
                [
                    (r.label or str(r.id)) if i == 0 else "",
                    ((slot.label or str(slot.id)) if slot else str(a.slot_id)) if i == 0 else "",
                    str(a.room) if i == 0 else "",
                    who,
                    seat.why if seat is not None else "",
                ]
            )
    out = [
        f"instance {instance.name or '(unnamed)'}: {len(instance.requests)} requests, "
        f"{len(instance.analysts)} analysts, {len(instance.slots)} slots",
        "",
    ]
    out.append(_table(rows) if len(rows) > 1 else "no request held")
    unserved = [a for a in solution.assignments if not a.served]
    if unserved:
        out += ["", "not held:"]
        for a in unserved:
            r = requests[a.request_id]
            out.append(f"  {r.label or r.id}: {a.reason}")
    gap = numbers["gap_pct"]
    out += [
        "",
        f"method             {solution.method}",
        f"status             {solution.status}",
        f"objective          {numbers['objective']}",
        f"bound              {numbers['bound'] if numbers['bound'] is not None else '-'}",
        f"gap                {f'{gap:.4f} %' if gap is not None else '-'}"
        + (f" (first tier not proven: {solution.gap_tier})" if solution.gap_tier else ""),
        f"served             {numbers['served']}/{numbers['requests']}",
        f"min panel affinity {numbers['min_panel_affinity'] if numbers['min_panel_affinity'] is not None else '-'}",
        f"load max / std     {numbers['load_max']} / {numbers['load_std']}",
        f"violations         {numbers['violations']}",
        f"wall time          {numbers['wall_s']:.3f} s",
    ]
    for problem in problems:
        out.append(f"  violation: {problem}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.instance == "-":
            instance = loads_instance(sys.stdin.read())
        else:
            instance = load_instance(args.instance)
    except OSError as e:
        print(f"biafed-allocate: cannot read {args.instance}: {e.strerror}", file=sys.stderr)
        return 2
    except InstanceError as e:
        print(f"biafed-allocate: {args.instance}: {e}", file=sys.stderr)
        return 2
    scorer = args.text_scorer or os.environ.get("AFFINITY_TEXT_SCORER", "").strip().lower()
    if scorer and scorer not in TEXT_SCORERS:
        print(
            f"biafed-allocate: AFFINITY_TEXT_SCORER={scorer!r}: expected one of "
            f"{', '.join(TEXT_SCORERS)}",
            file=sys.stderr,
        )
        return 2
    if scorer:
        instance = replace(instance, parameters=replace(instance.parameters, text_scorer=scorer))
    if args.method == "greedy":
        solution = greedy(instance)
    elif args.method == "two-stage":
        solution = two_stage(instance)
    else:
        solution = solve(instance, time_limit=args.time_limit, num_workers=args.workers)
    problems = violations(instance, solution)
    numbers = figures(instance, solution)
    if args.json:
        data = solution_to_dict(solution)
        data["figures"] = numbers
        data["violations"] = problems
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(render(instance, solution, numbers, problems))
    found = solution.status in ("optimal", "feasible", "heuristic")
    return 0 if found and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
