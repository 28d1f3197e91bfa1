"""scripts/run.sh (`make run`): SIGTERM to the script or to make stops every process it
started, grandchildren included, and the URL and demo logins come last.

The Django commands are replaced by a stand-in (BIAFED_MANAGE) whose long-running
commands each spawn a grandchild and record both process ids, so the test takes seconds.
"""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

FAKE_MANAGE = """#!/usr/bin/env bash
# Stand-in for biafed-manage: quick set-up commands, long-running services.
case "$1" in
    migrate | import_catalogue | load_demo) echo "fake $1"; exit 0 ;;
esac
sleep 300 &
echo "$! $1-grandchild" >>"$PIDS"
echo "$$ $1" >>"$PIDS"
if [ "$1" = runserver ]; then
    exec python3 -m http.server --bind 127.0.0.1 "${2##*:}"
fi
exec sleep 300
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"  # a zombie has stopped; only its parent has not collected it yet


@pytest.fixture
def fake_env(tmp_path):
    manage = tmp_path / "fake-manage"
    manage.write_text(FAKE_MANAGE)
    manage.chmod(0o755)
    env = {
        **os.environ,
        "PORT": str(_free_port()),
        "BIAFED_SKIP_INSTALL": "true",
        "BIAFED_MANAGE": str(manage),
        "BIAFED_DATA_DIR": str(tmp_path / "var"),
        "PIDS": str(tmp_path / "pids"),
        "TASK_QUEUE": "database",
    }
    env.pop("EMAIL_DELIVERY", None)
    return env


def _started(proc: subprocess.Popen, pids_file: Path) -> tuple[str, dict[int, str]]:
    """Read the output up to the URL line; return it and the recorded processes."""
    lines = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "biafed is serving at" in line:
            break
    output = "".join(lines)
    assert "biafed is serving at" in output, output
    recorded = {}
    for row in pids_file.read_text().splitlines():
        pid, name = row.split(" ", 1)
        recorded[int(pid)] = name
    return output, recorded


@pytest.mark.parametrize(
    "command", [["bash", "scripts/run.sh"], ["make", "--no-print-directory", "run"]]
)
def test_sigterm_stops_everything_the_run_started(fake_env, tmp_path, command):
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=fake_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # only so that the test can clean up if it fails
    )
    recorded = {}
    try:
        output, recorded = _started(proc, tmp_path / "pids")
        assert sorted(recorded.values()) == [
            "db_worker",
            "db_worker-grandchild",
            "run_scheduler",
            "run_scheduler-grandchild",
            "runserver",
            "runserver-grandchild",
        ]
        assert all(_alive(pid) for pid in recorded)
        # The logins and then the URL close the start-up output.
        assert output.rstrip().splitlines()[-1].strip().startswith("biafed is serving at http://")
        assert output.index("coordinator@example.org") > output.index("starting the web server")
        assert f"{fake_env['BIAFED_DATA_DIR']}/mail/" in output

        proc.send_signal(signal.SIGTERM)  # to the script's (or make's) process only
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in recorded) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert [name for pid, name in recorded.items() if _alive(pid)] == []
    finally:
        for pid in recorded:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()


def test_the_run_writes_the_development_settings_for_a_new_shell(fake_env, tmp_path):
    proc = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=REPO,
        env=fake_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        _started(proc, tmp_path / "pids")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
        proc.stdout.close()
    settings = (tmp_path / "var" / "development.env").read_text()
    assert "DEBUG=true\n" in settings
    assert "EMAIL_DELIVERY=file\n" in settings
    assert f"SITE_URL=http://127.0.0.1:{fake_env['PORT']}\n" in settings
