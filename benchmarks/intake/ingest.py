"""Upload ingest benchmark: a real server process, a tus client in another process.

    measure_ingest(size_gb, workdir) -> {"disk_write_mb_s", "ingest_mb_s",
                                         "ingest_peak_rss_mb", "upload_gb"}

1. The raw write speed of the disk under `workdir` is measured in the same run, once
   before and twice after the upload (the median is reported): `size_gb` written in
   8 MiB blocks then fsync'ed (what `dd bs=8M conv=fsync` does). Every measured write,
   the upload's included, starts after a pause of SETTLE_S seconds (15; env
   INGEST_SETTLE_S) with no other write: a thin-provisioned virtual disk mounted with
   `discard` (this machine's) rewrites the blocks of a file deleted a few seconds ago
   at 2-5 times the speed of fresh blocks (1,700-2,400 against 270-440 MB/s here), so
   back-to-back runs would compare the upload on fresh blocks with `dd` on recycled
   ones. After the pause, both write fresh blocks, as a server receiving new data does.
2. gunicorn (one sync worker, as in production) serves biafed on a free port of
   127.0.0.1 with SQLite and the local storage inside `workdir`, as an upload-only
   worker (INTAKE_UPLOAD_ONLY=true, the deployment docs/intake.md recommends); the task
   queue is the database one with no worker, so the check of the file is queued, not timed.
3. A child process uploads a `size_gb` file with the project's own tus client
   (biafed.intake.client, 50 MB PATCH requests, no client-side hashing) and we time
   creation -> last byte acknowledged (the server has then stored the file, verified
   its SHA-256 computed while streaming, and moved it into storage).
4. The server's peak resident memory is read from /proc (VmHWM of the worker), with
   its resident memory before the upload (the application loaded) for comparison: the
   upload itself adds a few MB. A worker of the whole site (INGEST_FULL_APP=1) starts
   near 150-180 MB because other pages import OR-Tools, NumPy and SciPy.

INGEST_SERVER=runserver uses Django's server instead; INGEST_CHUNK_MB sets the PATCH
size (50 MB, as the browser sends).

The client sends bytes from memory (random data, repeated), so the figure is the
server's ingest rate, not the client's cost of reading a file. Run by benchmarks/intake/run.py
(`make bench-intake`); alone: .venv/bin/python benchmarks/intake/ingest.py 1.0
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = REPO_DIR / ".venv" / "bin"
MB = 1024 * 1024
GB = 1024 * MB
BLOCK = 8 * MB
SETTLE_S = float(os.environ.get("INGEST_SETTLE_S", "15"))

SETUP = """
import django, sys
django.setup()
from datetime import time, timedelta
from django.utils import timezone
from biafed.opendesk.models import Booking, BookingStatus, DayStatus, OpenDeskDay
from biafed.intake.tokens import make_token
from biafed.people.models import User
user = User.objects.create_user(email="bench@example.org", password="x", full_name="Bench")
now = timezone.now()
day = OpenDeskDay.objects.create(
    title="Bench", date=(now + timedelta(days=30)).date(), first_slot_start=time(14),
    slot_count=1, rooms_per_slot=2, registration_opens_at=now - timedelta(days=1),
    registration_deadline=now + timedelta(days=20), data_deadline=now + timedelta(days=25),
    meeting_link_pattern="https://meet.example.org/{day}-{slot}-{room}", status=DayStatus.PUBLISHED,
)
booking = Booking.objects.create(day=day, requester=user, status=BookingStatus.SUBMITTED, title="Bench")
print(f"opendesk.booking:{booking.pk}", make_token(person=user, target_key=f"opendesk.booking:{booking.pk}"))
"""

CLIENT = """
import json, os, sys, time
from biafed.intake.client import TusClient

endpoint, target, token, size, chunk = sys.argv[1:6]
size, chunk = int(size), int(chunk)
# The bytes come from memory (8 MiB of random data, repeated, starting like a TIFF): the
# client costs little CPU, so the figure is the server's (reading a file, even a sparse
# one, costs the client about as much CPU as the server spends receiving).
pattern = bytearray(os.urandom(8 * 1024 * 1024))
pattern[:8] = b"II*\\x00\\x08\\x00\\x00\\x00"
view = memoryview(pattern)


class MemoryClient(TusClient):
    @staticmethod
    def _send_body(connection, handle, offset, length):
        while length:
            start = offset % len(pattern)
            n = min(length, len(pattern) - start)
            connection.sock.sendall(view[start : start + n])
            offset, length = offset + n, length - n


client = MemoryClient(endpoint, token=token)
start = time.perf_counter()
url = client.create(length=size, metadata={"filename": "upload-source.tif", "target": target})
offset = 0
while offset < size:
    offset = client.patch(url, None, offset=offset, size=min(chunk, size - offset))
print(json.dumps({"seconds": time.perf_counter() - start}))
"""


def settle() -> None:
    """Let the disk forget recently freed blocks (see the module docstring)."""
    time.sleep(SETTLE_S)


def disk_write_mb_s(workdir: Path, size: int) -> float:
    """Write `size` bytes in 8 MiB blocks and fsync, like dd bs=8M conv=fsync."""
    settle()
    block = (os.urandom(MB) * (BLOCK // MB))[:BLOCK]
    target = workdir / "disk-speed.bin"
    start = time.perf_counter()
    with open(target, "wb", buffering=0) as handle:
        written = 0
        while written < size:
            written += handle.write(block[: min(BLOCK, size - written)])
        os.fsync(handle.fileno())
    seconds = time.perf_counter() - start
    target.unlink()
    return size / MB / seconds


def _children_cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_pids(pid: int) -> list[int]:
    """`pid` and its children (the gunicorn worker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid] + ([int(p) for p in children.read_text().split()] if children.exists() else [])


def _peak_rss_mb(pid: int) -> float:
    """VmHWM of `pid` and its children (the gunicorn worker), the largest, in MB."""
    peak = 0
    for one in _server_pids(pid):
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except FileNotFoundError:
            continue
    return peak / 1024


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of `pid` and its children (the gunicorn worker)."""
    ticks = 0
    for one in _server_pids(pid):
        try:
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def _wait_until_serving(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped at start-up")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start listening")


def _server_command(port: int) -> list[str]:
    """gunicorn with one sync worker (production); INGEST_SERVER=runserver for Django's."""
    if os.environ.get("INGEST_SERVER") == "runserver":
        return [
            str(VENV_BIN / "biafed-manage"),
            "runserver",
            f"127.0.0.1:{port}",
            "--noreload",
            "--nothreading",
        ]
    return [
        str(VENV_BIN / "gunicorn"),
        "biafed.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        "--timeout",
        "300",
        "--log-level",
        "warning",
    ]


def _warm_up(port: int) -> None:
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("OPTIONS", "/files/tus/")
    connection.getresponse().read()
    connection.close()


def measure_ingest(size_gb: float, workdir) -> dict:
    workdir = Path(workdir) / "ingest"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    size = int(size_gb * GB)
    try:
        disk_before = disk_write_mb_s(workdir, size)

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "biafed.settings",
            "DEBUG": "true",
            "BIAFED_DATA_DIR": str(workdir / "data"),
            "MEDIA_ROOT": str(workdir / "media"),
            "TASK_QUEUE": "database",
            "EMAIL_DELIVERY": "memory",
            "LOG_LEVEL": "WARNING",
            "INTAKE_MAX_FILE_MB": str(int(size_gb * 1024) + 16),
            "INTAKE_MAX_TARGET_MB": str(int(size_gb * 1024) + 16),
            "INTAKE_QUOTA_MB": str(int(size_gb * 1024) + 16),
            # The deployment docs/intake.md recommends: /files/tus/ served by its own pool
            # of upload-only workers. INGEST_FULL_APP=1 measures a worker of the whole site.
            "INTAKE_UPLOAD_ONLY": "false" if os.environ.get("INGEST_FULL_APP") else "true",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [str(VENV_BIN / "biafed-manage"), "migrate", "--noinput", "-v0"], env=env, check=True
        )
        target, token = (
            subprocess.run(
                [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
            .split()
        )
        port = _free_port()
        server = subprocess.Popen(_server_command(port), env=env, cwd=workdir)
        try:
            _wait_until_serving(port, server)
            _warm_up(port)  # the worker loads the application on its first request
            baseline_mb = _peak_rss_mb(server.pid)
            settle()
            server_cpu = _cpu_s(server.pid)
            client_cpu = _children_cpu_s()
            client = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    CLIENT,
                    f"http://127.0.0.1:{port}/files/tus/",
                    target,
                    token,
                    str(size),
                    str(int(os.environ.get("INGEST_CHUNK_MB", "50")) * MB),
                ],
                env={**env, "PYTHONPATH": str(REPO_DIR / "src")},
                check=True,
                capture_output=True,
                text=True,
                timeout=3600,
            )
            seconds = json.loads(client.stdout.strip().splitlines()[-1])["seconds"]
            peak_mb = _peak_rss_mb(server.pid)
            server_cpu = _cpu_s(server.pid) - server_cpu
            client_cpu = _children_cpu_s() - client_cpu
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        stored = list((workdir / "media" / "intake").rglob("upload-source.tif"))
        if len(stored) != 1 or stored[0].stat().st_size != size:
            raise RuntimeError("the uploaded file is not in storage with the right size")
        stored[0].unlink()
        # The disk's speed drifts with what else the machine (and its host) does: measure
        # it twice more after the upload and keep the median of the three.
        disks = sorted(
            [disk_before, disk_write_mb_s(workdir, size), disk_write_mb_s(workdir, size)]
        )
        return {
            "disk_write_mb_s": round(disks[1], 1),
            "disk_write_mb_s_runs": [round(d, 1) for d in disks],
            "ingest_mb_s": round(size / MB / seconds, 1),
            "ingest_peak_rss_mb": round(peak_mb, 1),
            "ingest_server_idle_rss_mb": round(baseline_mb, 1),
            "upload_gb": round(size / GB, 3),
            "settle_s": SETTLE_S,
            "ingest_seconds": round(seconds, 2),
            "server_cpu_s": round(server_cpu, 2),
            "client_cpu_s": round(client_cpu, 2),
            "ingest_server": (
                "gunicorn, 1 sync worker, "
                if "gunicorn" in _server_command(port)[0]
                else "runserver, "
            )
            + ("whole site" if env["INTAKE_UPLOAD_ONLY"] == "false" else "upload-only worker"),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    import tempfile

    gb = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with tempfile.TemporaryDirectory(
        dir=REPO_DIR / "var" if (REPO_DIR / "var").exists() else None
    ) as tmp:
        print(json.dumps(measure_ingest(gb, tmp), indent=1))
