"""The exact allocation model (`model`), solved one objective tier at a time.

The objective tiers (`biafed.matching.engine.solution`) are optimised in
priority order, each solve starting from the previous one's solution (a
complete hint; the first from `warmstart`) and keeping every tier above at the
value it reached:

1. *parts*: requests whose slots fall on different days share no constraint
   (slots, rooms and caps are per day), so the days are split into parts that
   no request joins, and the pinned, served and affinity tiers are solved part
   by part (parts side by side in threads); each part's optimum is an optimum of
   the whole for these tiers. Pinned and served by OR-Tools CP-SAT, affinity by
   HiGHS (`highs`), whose linear relaxation also bounds the served tier;
2. *fairness*: the largest load, then the sum of squared loads, couple the
   parts (a load counts every day), so they are solved by CP-SAT on one model
   of all the parts, each part held at the tiers it reached, over the variables
   that can still be 1 (reduced costs of HiGHS's relaxation), after a lower
   bound from that relaxation.

A tier that is not proven optimal within its time keeps its best solution and
bound; the gap (`Solution.gap_pct`) is the one of the first such tier.
docs/allocation.md ("How it is solved") tells the same with the time shares.

`solve(..., should_stop=callable)` stops early and cooperatively (`control.Stop`): a
thread polls the callable and, once it is true, stops the CP-SAT searches
under way; no solver is started after that, and the best solution found so far
is returned (parts not reached yet keep their warm start).
"""

import math
import threading
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ortools.sat.python import cp_model

from biafed.matching.engine.affinity import affinity, vocabulary_of
from biafed.matching.engine.candidates import Candidates, candidates
from biafed.matching.engine.control import Progress, ShouldStop, SolutionCallback, Stop, Throttle
from biafed.matching.engine.highs import best_affinity, fairness_bounds, served_bound
from biafed.matching.engine.instance import Instance, check
from biafed.matching.engine.messages import gettext_noop, one, render
from biafed.matching.engine.model import (
    Chosen,
    Model,
    Space,
    build_space,
    part_expressions,
    size,
    split_parts,
    static_reason_parts,
)
from biafed.matching.engine.solution import (
    TIERS,
    Assignment,
    Seat,
    Solution,
    TierResult,
    objective_of,
)
from biafed.matching.engine.tiers import TierValues, best_possible, fold, rank
from biafed.matching.engine.warmstart import warm_start

# CP-SAT's default worker on 2 threads keeps a weak linear relaxation (the panel sizes
# are left out of it); the `max_lp` worker carries them and proves the bounds.
SUBSOLVERS = ("max_lp",)
FAIRNESS = ("max_load", "spread")
SHARE = {"pinned": 0.25, "served": 0.5, "affinity": 1.0, "max_load": 0.5, "spread": 1.0}
FAIRNESS_SHARE = 0.15  # of the time left after preparation, kept for the fairness tiers
MIN_TIER_S = 0.05
MIN_FAIRNESS_S = 0.5
FAIRNESS_MAX_VARIABLES = 120_000  # panel seats in the model of every part; above, no fairness


# --- Solving ----------------------------------------------------------------------------------


def _configure(params: Any, workers: int) -> None:
    """CP-SAT settings for `workers` threads on one model.

    The panel sizes (``panel_min·x ≤ Σ y``) only enter the linear relaxation at
    linearization level 2; CP-SAT's default 2-thread portfolio runs at level 1 and
    its bound stays at the number of rooms. One thread at level 2, or a portfolio
    led by the `max_lp` worker, proves the tiers.
    """
    params.num_workers = workers
    if workers == 1:
        params.linearization_level = 2
    else:
        params.subsolvers.extend(SUBSOLVERS)


class _Run:
    """One call of `solve`: the incumbent, the tier results, the clock and the reports.

    Parts may be solved in parallel threads (CP-SAT releases the GIL while it
    searches); every change of the shared state goes through `lock`.
    """

    def __init__(
        self,
        instance: Instance,
        cands: Candidates,
        parts: list[list[int]],
        *,
        deadline: float,
        start: float,
        seed: int,
        progress: Progress | None,
        log: bool,
        stop: Stop,
    ):
        self.instance, self.cands = instance, cands
        self.stop: Stop = stop
        self.deadline, self.start = deadline, start
        self.seed, self.log = seed, log
        self.progress = progress
        self.values = TierValues(instance, cands)
        self.lock = threading.RLock()
        self.chosen: Chosen = {}
        self.found_any = False
        self.all_parts = parts
        self.best = [best_possible(instance, cands, ids) for ids in parts]
        self.throttle = Throttle()
        self.part_results: dict[int, dict[str, TierResult]] = {}  # parts started so far
        self.fair_results: dict[str, TierResult] = {}
        self.reachable: dict[
            int, set[tuple[int, ...]] | None
        ] = {}  # part -> variables that may still be 1

    def left(self) -> float:
        return self.deadline - time.perf_counter()

    def snapshot(self, m: Model | None = None, solver: Any = None) -> Chosen:
        """The incumbent, with `m`'s requests taken from `solver` when given."""
        with self.lock:
            chosen = dict(self.chosen)
        if m is not None:
            for r in m.request_ids:
                chosen.pop(r, None)
            chosen.update(m.read(solver))
        return chosen

    def solve_tier(
        self,
        m: Model,
        tier: str,
        budget: float,
        part: int | None,
        into: dict[str, TierResult],
        workers: int,
    ) -> TierResult:
        """Optimise `tier` on `m` from the incumbent within `budget` seconds, then hold it there.

        The result goes to `into[tier]` (before the progress report that follows it)."""
        expr = m.expressions[tier]
        maximize = tier not in FAIRNESS
        ids = m.request_ids
        if maximize:
            m.model.maximize(expr)
        else:
            m.model.minimize(expr)
        with self.lock:
            m.hint(self.chosen)
        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(MIN_TIER_S, budget)
        params.random_seed = self.seed
        params.log_search_progress = self.log
        _configure(params, workers)

        def on_solution(callback: SolutionCallback) -> None:
            now = time.perf_counter()
            if not self.throttle.due(now):
                return
            self._report(self.snapshot(m, callback), tier, part)
            self.throttle.reported(since=now)

        with self.stop.searching(solver):
            code = solver.solve(m.model, SolutionCallback(on_solution) if self.progress else None)
        with self.lock:
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                self.found_any = True
                self.chosen = self.snapshot(m, solver)
                value = self._tier_value(tier, ids)
                if tier != "max_load" and value != int(round(solver.objective_value)):
                    raise AssertionError(f"{tier}: model value differs from recomputed {value}")
                raw = solver.best_objective_bound
                bound = math.floor(raw + 1e-6) if maximize else math.ceil(raw - 1e-6)
                # A bound equal to the value proves it, even when the time ran out.
                proven = value == bound or (
                    code == cp_model.OPTIMAL and value == int(round(solver.objective_value))
                )
                result = TierResult(value, value if proven else bound, proven)
            else:
                # No solution within the time (or ever, which would be a bug): keep the incumbent.
                result = TierResult(
                    self._tier_value(tier, ids), self._trivial_bound(tier, part), False
                )
            into[tier] = result
        if maximize:
            m.model.add(expr >= result.value)
        else:
            m.model.add(expr <= result.value)
        self._report(self.snapshot(), tier, part)
        return result

    def affinity_tier(
        self, m: Model, space: Space, part: int, budget: float, results: dict[str, TierResult]
    ) -> TierResult:
        """The affinity tier of a part, by HiGHS (see `highs`), then held on `m`."""
        ids = m.request_ids
        outcome = best_affinity(
            self.instance,
            space,
            self.cands,
            ids,
            served=results["served"].value,
            pinned=results["pinned"].value,
            incumbent=self._tier_value("affinity", ids),
            time_limit=budget,
            should_stop=self.stop.stopped.is_set,
        )
        with self.lock:
            self.reachable[part] = outcome.reachable
            mine = {r: held for r, held in self.chosen.items() if r in m.slots_of}
            if outcome.chosen is not None and rank(self.values, outcome.chosen) >= rank(
                self.values, mine
            ):
                for r in ids:
                    self.chosen.pop(r, None)
                self.chosen.update(outcome.chosen)
            value = self._tier_value("affinity", ids)
            bound = (
                self._trivial_bound("affinity", part) if outcome.bound is None else outcome.bound
            )
            bound = max(bound, value)
            result = results["affinity"] = TierResult(value, bound, bound == value)
        m.model.add(m.expressions["affinity"] >= value)
        self._report(self.snapshot(), "affinity", part)
        return result

    def _tier_value(self, tier: str, request_ids: Iterable[int]) -> int:
        """`tier` of the incumbent as the model counts it (spread less its constant part)."""
        if tier in FAIRNESS:
            value = self.values.fairness(self.chosen)[tier]
            return value - (self.values.spread_constant if tier == "spread" else 0)
        return self.values.tiers(self.chosen, request_ids)[tier]

    def _trivial_bound(self, tier: str, part: int | None) -> int:
        """A bound of `tier` that needs no solving (of part `part` for the first three)."""
        if tier == "max_load":
            return max(self.values.base.values(), default=0)
        if tier == "spread":
            return 0
        assert part is not None  # the first three tiers are bounded part by part
        return self.best[part][tier]

    def results(self, chosen: Chosen) -> dict[str, TierResult]:
        """Tier results of the whole instance: parts solved, under way or not started, fairness."""
        out: dict[str, TierResult] = {}
        values = self.values.tiers(chosen)
        with self.lock:
            started = {i: dict(r) for i, r in self.part_results.items()}
            fair_results = dict(self.fair_results)
        for k in ("pinned", "served", "affinity"):
            bound, proven = 0, True
            for i in range(len(self.all_parts)):
                result = started.get(i, {}).get(k)
                if result is not None:
                    bound += result.bound
                    proven = proven and result.proven
                else:
                    bound += self._trivial_bound(k, i)
                    proven = False
            out[k] = TierResult(values[k], bound, proven or values[k] == bound)
        fair = self.values.fairness(chosen)
        for k in FAIRNESS:
            constant = self.values.spread_constant if k == "spread" else 0
            r = fair_results.get(k)
            if r is not None:
                bound = r.bound + constant
                out[k] = TierResult(fair[k], bound, r.proven or fair[k] == bound)
            else:
                out[k] = TierResult(fair[k], self._trivial_bound(k, None) + constant, False)
        return out

    def _report(self, chosen: Chosen, tier: str, part: int | None) -> None:
        if self.progress is None:
            return
        objective, bound, _first, gap = fold(self.instance, self.results(chosen))
        n = len(self.all_parts)
        stage = tier if part is None or n == 1 else f"{tier}, part {part + 1} of {n}"
        with self.lock:
            self.progress(
                {
                    "objective": objective,
                    "bound": bound,
                    "wall_s": round(time.perf_counter() - self.start, 3),
                    "gap_pct": gap,
                    "stage": stage,
                }
            )

    def solve_parts(self, queue: list[int], parts_end: float, workers: int, space: Space) -> None:
        """Solve the parts of `queue` one after the other (pinned, served, affinity tiers)."""
        instance, cands = self.instance, self.cands
        sizes = {i: size(space, self.all_parts[i]) for i in queue}
        for n, i in enumerate(queue):
            ids = self.all_parts[i]
            share = sizes[i] / sum(sizes[j] for j in queue[n:])
            part_end = time.perf_counter() + (parts_end - time.perf_counter()) * share
            results: dict[str, TierResult] = {}
            if not any(r in self.values.pinned for r in ids):
                results["pinned"] = TierResult(0, 0, True)
            start = warm_start(instance, space, cands, ids)
            with self.lock:
                self.part_results[i] = results
                self.chosen.update(start)
                self.found_any = True
            if self.stop:  # stopped: the parts not reached keep their warm start
                continue
            m = Model(instance, space, cands, ids, fair=False)
            for tier in ("pinned", "served"):
                if tier not in results and not self.stop:
                    budget = (part_end - time.perf_counter()) * SHARE[tier]
                    self.solve_tier(m, tier, budget, i, results, workers)
            if self.stop:
                continue
            if not results["served"].proven:
                # CP-SAT may not have solved the relaxation in time: HiGHS's bound is valid too.
                relaxed = served_bound(
                    instance,
                    space,
                    cands,
                    ids,
                    pinned=results["pinned"].value,
                    time_limit=max(0.5, 0.5 * (part_end - time.perf_counter())),
                )
                served = results["served"]
                if relaxed is not None and relaxed < served.bound:
                    bound = max(relaxed, served.value)
                    with self.lock:
                        results["served"] = TierResult(served.value, bound, bound == served.value)
            if not self.stop:
                self.affinity_tier(m, space, i, part_end - time.perf_counter(), results)

    def fairness_tier(
        self, m: Model, space: Space, tier: str, held: list[dict[str, int]], workers: int
    ) -> None:
        """A fairness tier: a lower bound from HiGHS's relaxation first, then CP-SAT unless
        the incumbent already meets it; the bound kept is the better of the two."""
        if self.stop:
            with self.lock:
                self.fair_results[tier] = self._held(tier)
            return
        above = None if tier == "max_load" else self.fair_results["max_load"].value
        bounds = fairness_bounds(
            self.instance,
            space,
            self.cands,
            self.all_parts,
            held,
            max_load=above,
            time_limit=self.left() * SHARE[tier] * 0.5,
            should_stop=self.stop.stopped.is_set,
        )
        relaxed = bounds[0] if tier == "max_load" else bounds[1]
        with self.lock:
            value = self._tier_value(tier, ())
        if relaxed is not None and relaxed >= value:
            with self.lock:
                self.fair_results[tier] = TierResult(value, value, True)
            m.model.add(m.expressions[tier] <= value)
            self._report(self.snapshot(), tier, None)
            return
        if self.stop:
            kept = self._held(tier)
            if relaxed is not None and relaxed > kept.bound:
                kept = TierResult(kept.value, relaxed, relaxed == kept.value)
            with self.lock:
                self.fair_results[tier] = kept
            return
        result = self.solve_tier(
            m, tier, self.left() * SHARE[tier], None, self.fair_results, workers
        )
        if relaxed is not None and relaxed > result.bound:
            bound = min(relaxed, result.value)
            with self.lock:
                self.fair_results[tier] = TierResult(result.value, bound, bound == result.value)

    def _held(self, tier: str) -> TierResult:
        """A fairness tier left as the incumbent has it, with a bound that needs no solving."""
        with self.lock:
            value = self._tier_value(tier, ())
        bound = self._trivial_bound(tier, None)
        return TierResult(value, bound, value == bound)

    def narrowed(self, space: Space) -> Space:
        """`space` less the variables no solution keeping the parts' tiers can set to 1."""
        keep_x: set[tuple[int, ...]] = set()
        keep_y: set[tuple[int, ...]] = set()
        every = False
        for i in range(len(self.all_parts)):
            reachable = self.reachable.get(i)
            if reachable is None:
                every = True
                break
            for key in reachable:
                (keep_x if len(key) == 2 else keep_y).add(key)
        if every:
            return space
        for r, (t, panel) in self.chosen.items():  # the incumbent always stays
            keep_x.add((r, t))
            keep_y.update((r, a, t) for a in panel)
        narrow = Space(problems=space.problems)
        for r, slots in space.possible.items():
            narrow.possible[r] = [t for t in slots if (r, t) in keep_x]
            for t in narrow.possible[r]:
                narrow.panel[r, t] = [a for a in space.panel[r, t] if (r, a, t) in keep_y]
        return narrow


def _queues(sizes: list[int], n: int) -> list[list[int]]:
    """Parts spread over `n` threads, largest first to the least loaded (ties: part order)."""
    queues: list[list[int]] = [[] for _ in range(n)]
    load = [0] * n
    for i in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        q = min(range(n), key=lambda q: (load[q], q))
        queues[q].append(i)
        load[q] += sizes[i]
    return [sorted(q) for q in queues if q]


def solve(
    instance: Instance,
    *,
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
    progress: Progress | None = None,
    log: bool = False,
    should_stop: ShouldStop | None = None,
) -> Solution:
    """The best allocation of `instance` found within `time_limit` seconds.

    `num_workers` threads: one CP-SAT model with that many workers when the
    instance is one part (a day), else parts solved side by side, one worker each.

    `should_stop`, when given, is polled from another thread every `Stop.POLL_S`
    seconds (it must be thread-safe, e.g. `threading.Event().is_set`). Once it returns
    true, the CP-SAT searches under way stop, no other solver is started (a HiGHS call
    under way ends at its own time limit), and the best solution found so far is
    returned: every hard constraint holds, parts not reached keep their warm start, and
    `Solution.message` says it was stopped.
    """
    stop = Stop(should_stop)
    try:
        return _solve(instance, time_limit, num_workers, seed, progress, log, stop)
    finally:
        stop.close()


def _solve(
    instance: Instance,
    time_limit: float,
    num_workers: int,
    seed: int,
    progress: Progress | None,
    log: bool,
    stop: Stop,
) -> Solution:
    start = time.perf_counter()
    check(instance)
    cands = candidates(instance)
    space = build_space(instance, cands)
    parts = split_parts(instance, space)
    run = _Run(
        instance,
        cands,
        parts,
        deadline=start + time_limit,
        start=start,
        seed=seed,
        progress=progress,
        log=log,
        stop=stop,
    )
    workers = max(1, num_workers)
    parts_end = time.perf_counter() + run.left() * (1.0 - FAIRNESS_SHARE)
    if parts:
        queues = _queues([size(space, ids) for ids in parts], min(workers, len(parts)))
        # Each part keeps `workers` CP-SAT threads (its large-neighbourhood search needs a
        # second one), and HiGHS's affinity tier runs on one: parts overlap.
        if len(queues) == 1:
            run.solve_parts(queues[0], parts_end, workers, space)
        else:
            with ThreadPoolExecutor(len(queues), thread_name_prefix="allocation-part") as pool:
                jobs = [pool.submit(run.solve_parts, q, parts_end, workers, space) for q in queues]
                for job in jobs:
                    job.result()
    narrow = run.narrowed(space)
    too_large = sum(map(len, narrow.panel.values())) > FAIRNESS_MAX_VARIABLES
    if parts and (stop or too_large or run.left() < max(MIN_FAIRNESS_S, 0.02 * time_limit)):
        # Stopped, no time left, or a model of every part too large for the memory (a
        # stress case): the tiers keep the parts' solutions, with bounds that need no solving.
        for tier in FAIRNESS:
            run.fair_results[tier] = run._held(tier)
    elif parts:
        # Fairness couples the parts: one model of them all, each part held at its tiers,
        # over the variables that can still be 1 there.
        everyone = [r for ids in parts for r in ids]
        fair_model = Model(instance, narrow, cands, everyone, fair=True)
        for i, ids in enumerate(parts):
            for k, expr in part_expressions(fair_model, ids, cands, instance).items():
                fair_model.model.add(expr >= run.part_results[i][k].value)
        held = [
            {k: run.part_results[i][k].value for k in ("pinned", "served", "affinity")}
            for i in range(len(parts))
        ]
        for tier in FAIRNESS:
            run.fairness_tier(fair_model, narrow, tier, held, workers)
    else:
        for tier in FAIRNESS:
            value = run._tier_value(tier, ())
            run.fair_results[tier] = TierResult(value, value, True)
    return _solution(instance, cands, space, run)


def _solution(instance: Instance, cands: Candidates, space: Space, run: _Run) -> Solution:
    slots = instance.slot_by_id
    requests = instance.request_by_id
    analysts = instance.analyst_by_id
    chosen = run.chosen
    found = run.found_any or not space.panel
    results = run.results(chosen)
    objective, bound, first, gap = fold(instance, results)
    status = "optimal" if found and not first else ("feasible" if found else "unknown")

    assignments = []
    rooms_used: dict[int, int] = defaultdict(int)
    vocabulary = vocabulary_of(instance)
    for r in instance.requests:
        held = chosen.get(r.id)
        if held is None:
            assignments.append(Assignment(r.id))
            continue
        t, members = held
        rooms_used[t] += 1
        seats = []
        for a in members:
            why = affinity(r, analysts[a], instance.term_names, vocabulary=vocabulary)
            seats.append(Seat(a, why.score, why.why, why.why_parts))
        seats.sort(key=lambda s: (-s.score, s.analyst_id))
        assignments.append(Assignment(r.id, t, rooms_used[t], seats))

    for assignment in assignments:
        if assignment.served:
            continue
        r = requests[assignment.request_id]
        possible = space.possible[r.id]
        if not found:
            reason = one(gettext_noop("the solver found no solution within the time limit"))
        elif not possible:
            reason = static_reason_parts(instance, r, space.problems[r.id], cands)
        elif all(rooms_used[t] >= slots[t].rooms for t in possible):
            full = ", ".join(str(t) for t in possible)
            if len(possible) > 1:
                reason = one(gettext_noop("not enough rooms: slots %(slots)s full"), slots=full)
            else:
                reason = one(gettext_noop("not enough rooms: slot %(slots)s full"), slots=full)
        else:
            reason = one(
                gettext_noop(
                    "the analysts who could sit in its slots are on other panels or at their"
                    " daily cap"
                )
            )
        if found and status != "optimal":
            if run.stop:
                msgid = gettext_noop(
                    "%(reason)s (best solution found before the search was stopped)"
                )
            else:
                msgid = gettext_noop("%(reason)s (best solution found within the time limit)")
            reason = one(msgid, reason=[reason])
        assignment.reason, assignment.reason_parts = render(reason), reason

    solution = Solution(assignments, status, method="biafed")
    solution.wall_s = time.perf_counter() - run.start
    if run.stop:
        solution.message_parts = one(
            gettext_noop("stopped before the time limit: the best solution found so far")
        )
    if not found:
        solution.message_parts = one(gettext_noop("no solution found"))
    solution.message = render(solution.message_parts)
    if not found:
        return solution
    recomputed = objective_of(instance, solution)
    if recomputed.value(instance) != objective:  # a bug
        raise AssertionError(f"objective {objective} differs from recomputed {recomputed}")
    solution.objective, solution.bound, solution.gap_pct = objective, bound, gap
    solution.tiers = {k: results[k] for k in TIERS}
    solution.gap_tier = first
    solution.parts = len(run.all_parts)
    return solution
