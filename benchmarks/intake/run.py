"""Intake benchmark: preview time and memory for big microscopy files, plus upload ingest.

Run from the repository root (``make bench-intake`` does exactly this):

    .venv/bin/python benchmarks/intake/run.py            # 5 GB pyramid, 2 GB flat TIFF, 5 GB upload
    .venv/bin/python benchmarks/intake/run.py --quick    # 0.5 GB / 0.25 GB / 0.5 GB, for a try-out

It writes, in a temporary folder (``--workdir`` to choose; removed at the end):

* a pyramidal OME-TIFF of about 5 GB: 2 channels of uint16, 512 x 512 tiles,
  **uncompressed**, levels halving down to under 1,024 px, in SubIFDs;
* a non-pyramidal TIFF of about 2 GB: 1 channel of uint16, **uncompressed strips**
  (what most acquisition software writes).

For each, the file is flushed to disk (fsync), then a fresh child process (as the
sandbox would run it) imports the reader, asks the kernel to drop the file from the
page cache (posix_fadvise), times the
256 px thumbnail alone and reports its peak resident memory (VmHWM, which
includes the interpreter and libraries, about 75 MB). Targets: pyramid under 1 s
and under 200 MB; the flat TIFF has no target (it is read through strided rows).

The upload figures come from ``benchmarks/intake/ingest.py``'s
``measure_ingest(size_gb, workdir)`` (the upload side's benchmark) when present;
without it they are null. Results: benchmarks/results/intake.json (one object).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO_DIR = Path(__file__).resolve().parents[2]
RESULTS_FILE = REPO_DIR / "benchmarks" / "results" / "intake.json"
sys.path.insert(0, str(REPO_DIR / "src"))
sys.path.insert(0, str(REPO_DIR))

GB = 1024**3
MB = 1024**2
TILE = 512
TARGETS = {
    "thumb_pyramid_s": ("<", 1.0),
    "thumb_pyramid_peak_mb": ("<", 200.0),
    "ingest_peak_rss_mb": ("<", 150.0),
}


def say(message: str) -> None:
    print(message, flush=True)


def tile_bank(n=16, seed=7) -> list[np.ndarray]:
    """A few distinct uint16 tiles of bright spots, reused to fill big images quickly."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:TILE, 0:TILE]
    bank = []
    for _ in range(n):
        img = rng.normal(200, 20, (TILE, TILE))
        for _ in range(12):
            cy, cx, r = rng.uniform(0, TILE), rng.uniform(0, TILE), rng.uniform(4, 20)
            img += 3000 * np.exp(-((y - cy) ** 2 + (x - cx) ** 2) / (2 * r * r))
        bank.append(np.clip(img, 0, 65535).astype(np.uint16))
    return bank


def write_pyramid(path: Path, total_bytes: int) -> dict:
    """A tiled, uncompressed 2-channel OME-TIFF pyramid of about ``total_bytes``."""
    import tifffile

    bank = tile_bank()
    channels = 2
    # Level 0 carries 3/4 of the bytes of a halving pyramid.
    side = int((0.75 * total_bytes / (channels * 2)) ** 0.5) // TILE * TILE
    shapes = []
    s = side
    while True:
        shapes.append((channels, s, s))
        if s < 1024:
            break
        s //= 2
    levels = len(shapes)

    def tiles(shape, level):
        c, h, w = shape
        for ci in range(c):
            for ty in range(0, h, TILE):
                for tx in range(0, w, TILE):
                    yield bank[(ty // TILE * 7 + tx // TILE * 3 + ci * 5 + level) % len(bank)]

    options = dict(tile=(TILE, TILE), photometric="minisblack", dtype="uint16")
    with tifffile.TiffWriter(path, bigtiff=True, ome=True) as tw:
        tw.write(
            tiles(shapes[0], 0),
            shape=shapes[0],
            subifds=levels - 1,
            metadata={
                "axes": "CYX",
                "PhysicalSizeX": 0.325,
                "PhysicalSizeY": 0.325,
                "Channel": {"Name": ["DAPI", "GFP"]},
            },
            **options,
        )
        for i, shape in enumerate(shapes[1:], start=1):
            tw.write(tiles(shape, i), shape=shape, subfiletype=1, **options)
    return {"level0": list(shapes[0]), "levels": levels}


def write_flat(path: Path, total_bytes: int) -> dict:
    """A single-plane, uncompressed, striped uint16 TIFF of about ``total_bytes``."""
    import tifffile

    bank = tile_bank(seed=11)
    side = int((total_bytes / 2) ** 0.5) // TILE * TILE
    mm = tifffile.memmap(path, shape=(side, side), dtype="uint16", photometric="minisblack")
    for ty in range(0, side, TILE):
        band = np.concatenate(
            [bank[(ty // TILE + tx // TILE) % len(bank)] for tx in range(0, side, TILE)], axis=1
        )
        mm[ty : ty + TILE] = band
    mm.flush()
    del mm
    return {"shape": [side, side]}


CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {src!r})
from biafed.intake.inspect.api import open_source
from biafed.intake.inspect.detect import detect_format
from biafed.intake.inspect import preview
path, out = {path!r}, {out!r}
fd = os.open(path, os.O_RDONLY)
os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
os.close(fd)
def hwm():
    # VmHWM: this process's peak resident memory (ru_maxrss would carry the parent's across exec).
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
base = hwm()
t0 = time.perf_counter()
fmt = detect_format(path)
with open_source(path, fmt) as source:
    preview.thumbnail(source, out, size=256)
    reads = source.reads
elapsed = time.perf_counter() - t0
peak = hwm()
print(json.dumps({{"seconds": elapsed, "peak_mb": peak, "baseline_mb": base, "reads": reads, "format": fmt}}))
"""


def child_env() -> dict:
    """The child may cache bytecode, as a deployed worker's libraries are compiled."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def warm_up(path: Path, workdir: Path) -> None:
    """One untimed run so that bytecode of the readers is compiled once."""
    time_thumbnail(path, workdir)


def flush_to_disk(path: Path) -> None:
    """Write the file's dirty pages to disk, so that the child can evict them from the cache."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def time_thumbnail(path: Path, workdir: Path) -> dict:
    code = CHILD.format(src=str(REPO_DIR / "src"), path=str(path), out=str(workdir / "thumb.png"))
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=600, env=child_env()
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ingest_figures(size_gb: float, workdir: Path) -> tuple[dict, str]:
    keys = ("disk_write_mb_s", "ingest_mb_s", "ingest_peak_rss_mb", "upload_gb")
    try:
        from benchmarks.intake.ingest import measure_ingest
    except ImportError as exc:
        return dict.fromkeys(
            keys
        ), f"benchmarks/intake/ingest.py unavailable ({exc}): upload figures are null"
    figures = measure_ingest(size_gb, workdir)
    note = (
        f"ingest: {figures.get('ingest_server')}; disk runs "
        f"{', '.join(f'{d:g}' for d in figures.get('disk_write_mb_s_runs', []))} MB/s (median "
        f"kept), each write after {figures.get('settle_s', 0):g} s of quiet; upload "
        f"{figures.get('ingest_seconds')} s, server CPU {figures.get('server_cpu_s')} s, "
        f"client CPU {figures.get('client_cpu_s')} s"
    )
    return {k: figures.get(k) for k in keys}, note


def check(key: str, value) -> str:
    if key not in TARGETS:
        return ""
    if value is None:
        return "not measured"
    op, limit = TARGETS[key]
    ok = value < limit if op == "<" else value >= limit
    return f"{'met' if ok else 'MISSED'} ({op} {limit:g})"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a try-out")
    parser.add_argument("--workdir", help="where to write the big files (default: a temp dir)")
    parser.add_argument("--no-ingest", action="store_true", help="skip the upload ingest part")
    args = parser.parse_args(argv)

    pyramid_gb, flat_gb, upload_gb = (0.5, 0.25, 0.5) if args.quick else (5.0, 2.0, 5.0)
    base = Path(args.workdir) if args.workdir else Path(tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    need = (pyramid_gb + flat_gb + (0 if args.no_ingest else 2 * upload_gb) + 1) * GB
    free = shutil.disk_usage(base).free
    say(f"free disk in {base}: {free / GB:.1f} GB; needed: {need / GB:.1f} GB")
    if free < need:
        say("not enough free disk space: use --workdir on a larger disk, or --quick")
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="biafed-bench-intake-", dir=base))
    results: dict = {}
    notes: list[str] = []
    try:
        pyr = workdir / "pyramid.ome.tif"
        t = time.perf_counter()
        info = write_pyramid(pyr, int(pyramid_gb * GB))
        say(
            f"wrote pyramidal OME-TIFF {pyr.stat().st_size / GB:.2f} GB "
            f"(level 0 {info['level0']}, {info['levels']} levels, tiled {TILE}, uncompressed) "
            f"in {time.perf_counter() - t:.1f} s"
        )
        flush_to_disk(pyr)
        warm_up(pyr, workdir)
        m = time_thumbnail(pyr, workdir)
        say(
            f"  thumbnail reads (level, step): {m['reads']}; interpreter+libraries {m['baseline_mb']:.0f} MB"
        )
        results["thumb_pyramid_s"] = round(m["seconds"], 3)
        results["thumb_pyramid_peak_mb"] = round(m["peak_mb"], 1)
        pyr.unlink()

        flat = workdir / "flat.tif"
        t = time.perf_counter()
        info = write_flat(flat, int(flat_gb * GB))
        say(
            f"wrote flat TIFF {flat.stat().st_size / GB:.2f} GB ({info['shape']}, uncompressed strips) "
            f"in {time.perf_counter() - t:.1f} s"
        )
        flush_to_disk(flat)
        m = time_thumbnail(flat, workdir)
        say(
            f"  thumbnail reads (level, step): {m['reads']}; interpreter+libraries {m['baseline_mb']:.0f} MB"
        )
        results["thumb_flat_s"] = round(m["seconds"], 3)
        results["thumb_flat_peak_mb"] = round(m["peak_mb"], 1)
        flat.unlink()

        if args.no_ingest:
            ingest = dict.fromkeys(
                ("disk_write_mb_s", "ingest_mb_s", "ingest_peak_rss_mb", "upload_gb")
            )
            notes.append("--no-ingest: upload figures are null")
        else:
            ingest, note = ingest_figures(upload_gb, workdir)
            if note:
                notes.append(note)
        results = {**ingest, **results}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    order = [
        "disk_write_mb_s",
        "ingest_mb_s",
        "ingest_peak_rss_mb",
        "upload_gb",
        "thumb_pyramid_s",
        "thumb_pyramid_peak_mb",
        "thumb_flat_s",
        "thumb_flat_peak_mb",
    ]
    results = {k: results.get(k) for k in order}
    say("")
    say(f"{'figure':<24}{'value':>12}  target")
    for key in order:
        value = results[key]
        shown = "null" if value is None else f"{value:g}"
        say(f"{key:<24}{shown:>12}  {check(key, value)}")
    if results["disk_write_mb_s"] and results["ingest_mb_s"]:
        share = results["ingest_mb_s"] / results["disk_write_mb_s"]
        say(
            f"{'ingest / disk speed':<24}{share:>12.0%}  {'met' if share >= 0.7 else 'MISSED'} (>= 70%)"
        )
    for note in notes:
        say(f"note: {note}")
    if args.quick:
        say("note: --quick sizes; results not written")
        return 0
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(results, indent=2) + "\n")
    say(f"wrote {RESULTS_FILE.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
