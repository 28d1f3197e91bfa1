"""Affinity of every (request, analyst) pair: the vectorised matrix against pair by pair.

    .venv/bin/python benchmarks/affinity/run.py              # 2,000 x 500 and 20,000 x 2,000
    .venv/bin/python benchmarks/affinity/run.py --quick      # 2,000 x 500 only

For each size, with and without free text (a distinct text per request and per
profile): wall time and peak memory (tracemalloc-free: resource's max RSS of a
child process) of `affinity_matrix`, the same again once texts are remembered,
and the pair-by-pair `affinity` on a sample of requests, extrapolated, as the
baseline. It also checks that both give the same numbers on the sample.
"""

import argparse
import json
import multiprocessing
import random
import resource
import time
from dataclasses import replace

import numpy as np

PHRASES = (
    "nuclei segmentation, cell tracking, StarDist, Cellpose, ImageJ, Fiji, 3D stacks, napari, "
    "light sheet, colocalization, linking objects into lineages, organoids, deep learning, "
    "statistics, time lapse, spot detection, our images, movies, QuPath, confocal, bacteria"
).split(", ")


def instance_of(n_requests, n_analysts, text):
    from biafed.matching.engine import generate

    inst = generate(n_requests, n_analysts, seed=1)
    if not text:
        return inst
    rng = random.Random(0)
    return replace(
        inst,
        requests=tuple(
            replace(r, text=" ".join(rng.sample(PHRASES, 4)) + f" (request {r.id})")
            for r in inst.requests
        ),
        analysts=tuple(
            replace(a, text=" ".join(rng.sample(PHRASES, 3)) + f" (analyst {a.id})")
            for a in inst.analysts
        ),
    )


def measure(n_requests, n_analysts, text, queue):
    from biafed.matching.engine import affinity, affinity_matrix

    inst = instance_of(n_requests, n_analysts, text)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    m = affinity_matrix(inst)
    first = time.perf_counter() - start
    start = time.perf_counter()
    affinity_matrix(inst)
    again = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sample = inst.requests[:20]
    start = time.perf_counter()
    pairs = np.array(
        [[affinity(r, a, inst.term_names).score for a in inst.analysts] for r in sample],
        dtype=np.float32,
    )
    per_pair = (time.perf_counter() - start) * len(inst.requests) / len(sample)
    queue.put(
        {
            "requests": n_requests,
            "analysts": n_analysts,
            "free_text": text,
            "matrix_s": round(first, 2),
            "matrix_again_s": round(again, 2),
            "pair_by_pair_s_extrapolated": round(per_pair, 1),
            "speed_up": round(per_pair / first, 1),
            "process_peak_mb": round(peak / 1024),
            "matrix_growth_mb": round((peak - before) / 1024),
            "same_scores": bool(np.array_equal(m[: len(sample)], pairs)),
        }
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = [(2_000, 500)] if args.quick else [(2_000, 500), (20_000, 2_000)]
    rows = []
    context = multiprocessing.get_context("spawn")
    for n_requests, n_analysts in sizes:
        for text in (False, True):
            queue = context.Queue()
            child = context.Process(target=measure, args=(n_requests, n_analysts, text, queue))
            child.start()
            row = queue.get()
            child.join()
            rows.append(row)
            print(
                f"{n_requests:>6} x {n_analysts:<5} text={'yes' if text else 'no ':3}  "
                f"matrix {row['matrix_s']:>6.2f} s (again {row['matrix_again_s']:.2f} s)  "
                f"pair by pair ~{row['pair_by_pair_s_extrapolated']:>7.1f} s  "
                f"x{row['speed_up']:<6}  peak {row['process_peak_mb']} MB  "
                f"same scores: {row['same_scores']}",
                flush=True,
            )
    print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
