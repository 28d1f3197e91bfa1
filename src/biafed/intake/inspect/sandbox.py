"""Decoding in a child process with an address-space cap and a time cap.

The parent (a web or task worker) never decodes pixels of an uploaded file itself:
``inspect_sandboxed`` and ``render_plane(sandboxed=True)`` run
``python -m biafed.intake.inspect.sandbox`` with a JSON request, and turn a crash,
a timeout or an exhausted memory cap into a plain reason.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .errors import Unreadable
from .limits import Limits
from .report import Report

MB = 1024 * 1024
SRC_DIR = str(Path(__file__).resolve().parents[3])
# Libraries must not reserve address space for thread pools or malloc arenas.
CHILD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMEXPR_NUM_THREADS": "1",
    "MALLOC_ARENA_MAX": "2",
    # Decoder thread pools sized for the cap, not for the host's core count.
    "TIFFFILE_NUM_THREADS": "2",
    "TIFFFILE_NUM_IOTHREADS": "2",
    "ZARR_THREADING__MAX_WORKERS": "2",
    "ZARR_ASYNC__CONCURRENCY": "4",
    "DASK_NUM_WORKERS": "1",
}


class SandboxFailure(Exception):
    """The child did not answer; ``str(exc)`` is the plain reason."""


def run(request: dict, *, memory_mb: int, timeout_s: float) -> dict:
    """Run ``request`` in a child; its JSON answer, or SandboxFailure with a reason."""
    with tempfile.TemporaryDirectory(prefix="biafed-sandbox-") as tmp:
        answer = Path(tmp) / "answer.json"
        request = {**request, "answer": str(answer)}
        env = {**os.environ, **CHILD_ENV}
        env["PYTHONPATH"] = os.pathsep.join(p for p in (SRC_DIR, env.get("PYTHONPATH")) if p)
        env["BIAFED_SANDBOX_MEMORY_MB"] = str(int(memory_mb))
        env["BIAFED_SANDBOX_CPU_S"] = str(int(timeout_s) + 1)
        try:
            proc = subprocess.run(
                [sys.executable, "-m", "biafed.intake.inspect.sandbox"],
                input=json.dumps(request).encode(),
                capture_output=True,
                timeout=timeout_s,
                env=env,
                cwd=tmp,
            )
        except subprocess.TimeoutExpired as exc:
            raise SandboxFailure(f"took longer than {timeout_s:g} s to decode") from exc
        if answer.exists():
            data = json.loads(answer.read_text())
            if data.get("memory_error"):
                raise SandboxFailure(f"needs more than {memory_mb} MB of memory to decode")
            return data
        if proc.returncode < 0:
            sig = -proc.returncode
            if sig == signal.SIGXCPU:
                raise SandboxFailure(
                    f"took longer than {timeout_s:g} s of processor time to decode"
                )
            name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else sig
            raise SandboxFailure(f"the decoder crashed on this file (signal {name})")
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        if "MemoryError" in tail[0] or "Cannot allocate memory" in tail[0]:
            raise SandboxFailure(f"needs more than {memory_mb} MB of memory to decode")
        raise SandboxFailure(
            f"the decoder stopped without an answer (exit code {proc.returncode}): {tail[0][:200]}"
        )


def inspect_sandboxed(
    path, out_dir, *, memory_mb: int = 1024, timeout_s: float = 120, **kw
) -> Report:
    """``inspect_file`` in a child process with RLIMIT_AS = ``memory_mb`` and a time cap."""
    if isinstance(kw.get("limits"), Limits):
        kw = {**kw, "limits": asdict(kw["limits"])}
    request = {"op": "inspect", "path": str(path), "out_dir": str(out_dir), "kw": kw}
    try:
        data = run(request, memory_mb=memory_mb, timeout_s=timeout_s)
    except SandboxFailure as exc:
        from .detect import detect_format  # noqa: PLC0415 — the readers load in the sandboxed child only

        return Report.unreadable(str(exc), format=detect_format(path))
    return Report.from_dict(data["report"])


def render_plane(
    path,
    out_png,
    *,
    z: int = 0,
    t: int = 0,
    channel: int | None = None,
    max_size: int = 512,
    sandboxed: bool = True,
    memory_mb: int = 1024,
    timeout_s: float = 60,
) -> dict:
    """One downsampled plane as PNG for the session viewer (channel None: composite).

    Returns {"z", "t", "channel", "width", "height", "dims"}; raises Unreadable with a
    plain reason when the file cannot be shown.
    """
    kw: dict[str, Any] = {"z": z, "t": t, "channel": channel, "max_size": max_size}
    if not sandboxed:
        from .api import render_plane_in_process  # noqa: PLC0415 — the readers load in the sandboxed child only

        return render_plane_in_process(path, out_png, **kw)
    request = {"op": "plane", "path": str(path), "out_png": str(out_png), "kw": kw}
    try:
        data = run(request, memory_mb=memory_mb, timeout_s=timeout_s)
    except SandboxFailure as exc:
        raise Unreadable(str(exc)) from exc
    if "error" in data:
        raise Unreadable(data["error"])
    return data["plane"]


def _limit_self():
    memory = int(os.environ.get("BIAFED_SANDBOX_MEMORY_MB", "1024")) * MB
    cpu = int(os.environ.get("BIAFED_SANDBOX_CPU_S", "120"))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _child() -> None:
    request = json.loads(sys.stdin.buffer.read())
    answer = Path(request["answer"])
    _limit_self()
    try:
        from .api import inspect_file, render_plane_in_process  # noqa: PLC0415 — the readers load in the sandboxed child only

        if isinstance(request["kw"].get("limits"), dict):
            request["kw"]["limits"] = Limits(**request["kw"]["limits"])
        if request["op"] == "inspect":
            report = inspect_file(request["path"], request["out_dir"], **request["kw"])
            result: dict[str, Any] = {"report": report.to_dict()}
        else:
            try:
                result = {
                    "plane": render_plane_in_process(
                        request["path"], request["out_png"], **request["kw"]
                    )
                }
            except Unreadable as exc:
                result = {"error": str(exc)}
        if "ran out of memory" in (result.get("report") or {}).get("reason", ""):
            result = {"memory_error": True}
    except MemoryError:
        result = {"memory_error": True}
    tmp = answer.with_suffix(".part")
    tmp.write_text(json.dumps(result))
    os.replace(tmp, answer)


if __name__ == "__main__":
    _child()
