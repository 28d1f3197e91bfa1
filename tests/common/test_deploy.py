"""Issue 16: what docs/deploy.md tells an operator to run works as written, and the
settings read secrets from files, declare the proxy and share the login limits."""

import http.client
import os
import re
import secrets
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = (REPO / "docs" / "deploy.md").read_text()
VENV_BIN = Path(sys.executable).parent


def _clean_environment(**extra) -> dict:
    """The environment of a fresh server process: nothing from the test settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(
            ("BIAFED_", "DJANGO_", "TASK_", "EMAIL_", "MFA_", "PYTEST", "DATABASE_", "REDIS_")
        )
    }
    return {**env, **extra}


def _settings(read: str, **environment) -> subprocess.CompletedProcess:
    """Import biafed.settings in a fresh interpreter with `environment`; run `read` on them."""
    env = _clean_environment(**{"DEBUG": "true", **environment})
    return subprocess.run(
        [sys.executable, "-c", f"import biafed.settings as s; {read}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _documented_environment_file(tmp_path) -> Path:
    """The example /etc/biafed/biafed.env of docs/deploy.md, its <…> placeholders filled in."""
    block = DEPLOY.split("## Environment", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    filled = re.sub(r"<[^<>\n]*>(?=@)", "secret-password", block)  # inside URLs
    filled = re.sub(r"=<[^\n]*>", "=" + secrets.token_urlsafe(45), filled)  # whole values
    path = tmp_path / "biafed.env"
    path.write_text(filled)
    return path


def _source_and_run(env_file: Path, command: str, tmp_path) -> subprocess.CompletedProcess:
    script = f"set -e; set -a; . {shlex.quote(str(env_file))}; set +a; {command}"
    return subprocess.run(
        ["bash", "-c", script],
        env=_clean_environment(BIAFED_DATA_DIR=str(tmp_path / "var")),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


# --- 15. The environment file and check --deploy ---------------------------------------


def test_the_documented_environment_file_can_be_sourced_by_a_shell(tmp_path):
    env_file = _documented_environment_file(tmp_path)
    shown = _source_and_run(env_file, 'printf "%s" "$DEFAULT_FROM_EMAIL"', tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "biafed <no-reply@example.org>"


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    env_file = _documented_environment_file(tmp_path)
    checked = _source_and_run(
        env_file, f"{VENV_BIN}/biafed-manage check --deploy --fail-level WARNING", tmp_path
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues (1 silenced)." in checked.stdout


def test_the_only_silenced_check_is_hsts_preload_and_only_until_it_is_chosen():
    silenced = "print(getattr(s, 'SILENCED_SYSTEM_CHECKS', []))"
    assert _settings(silenced, BEHIND_HTTPS="true").stdout.strip() == "['security.W021']"
    chosen = _settings(silenced, BEHIND_HTTPS="true", SECURE_HSTS_PRELOAD="true")
    assert chosen.stdout.strip() == "[]"


# --- 1. The proxy is declared and the limits are shared -------------------------------------


def test_the_documented_environment_declares_the_proxy_and_shares_the_limits(tmp_path):
    env_file = _documented_environment_file(tmp_path)
    read = (
        "import biafed.settings as s; "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    shown = _source_and_run(env_file, f"{sys.executable} -c {shlex.quote(read)}", tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["1", "RedisCache"]


def test_one_machine_shares_the_limits_between_its_processes_through_files(tmp_path):
    read = "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[1])"
    assert _settings(read, BIAFED_DATA_DIR=str(tmp_path)).stdout.strip() == "FileBasedCache"
    assert _settings(read, TASK_QUEUE="redis").stdout.strip() == "RedisCache"


# --- Secrets from files ----------------------------------------------------------------------


def test_a_secret_can_be_read_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 60 + "\n")
    read = _settings("print(s.SECRET_KEY)", DEBUG="false", SECRET_KEY_FILE=str(secret))
    assert read.stdout.strip() == "k" * 60, read.stderr


def test_a_secret_given_twice_or_in_a_missing_file_stops_start_up(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("k" * 60)
    both = _settings("", SECRET_KEY="x" * 60, SECRET_KEY_FILE=str(secret))
    assert both.returncode != 0
    assert "SECRET_KEY and SECRET_KEY_FILE are both set" in both.stderr
    missing = _settings("", DATABASE_URL_FILE=str(tmp_path / "nowhere"))
    assert missing.returncode != 0
    assert "DATABASE_URL_FILE=" in missing.stderr and "cannot be read" in missing.stderr


def test_the_old_upload_token_lifetime_variable_stops_start_up_with_a_message():
    read = _settings("", INTAKE_TOKEN_DAYS="7")
    assert read.returncode != 0
    assert "INTAKE_TOKEN_HOURS" in read.stderr


# --- 16. The development server on PostgreSQL -------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, headers=None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def dev_database():
    psycopg = pytest.importorskip("psycopg")
    name = "biafed_auth_devserver"
    try:
        admin = psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True)
    except psycopg.OperationalError:
        pytest.skip("no PostgreSQL at 127.0.0.1:5432")
    if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        admin.execute(f"CREATE DATABASE {name}")
    yield name, admin
    admin.close()


def test_the_development_server_keeps_no_idle_database_connections(dev_database, tmp_path):
    name, admin = dev_database
    port = _free_port()
    server = subprocess.Popen(
        [f"{VENV_BIN}/biafed-manage", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=_clean_environment(
            DEBUG="true",  # as make run (scripts/run.sh)
            DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
            BIAFED_DATA_DIR=str(tmp_path),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz")
        for _ in range(30):  # a burst of page loads, each in a thread of its own
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10).read()
        time.sleep(1)
        (held,) = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name]
        ).fetchone()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert held == 0


# --- 18. gunicorn as documented --------------------------------------------------------------


def _documented_gunicorn_command() -> list[str]:
    block = DEPLOY.split("## Web servers: gunicorn", 1)[1].split("```sh\n", 1)[1].split("```")[0]
    return shlex.split(block.replace("\\\n", " "))


def test_gunicorn_preloads_the_app_and_outlasts_the_proxys_keepalive():
    command = _documented_gunicorn_command()
    assert "--preload" in command
    keep_alive = int(command[command.index("--keep-alive") + 1])
    nginx = re.search(r"upstream biafed_app \{[^}]*keepalive_timeout (\d+)s;", DEPLOY)
    assert keep_alive > int(nginx.group(1))
    unit = DEPLOY.split("biafed-web.service", 1)[1].split("[Install]", 1)[0]
    assert "--preload --keep-alive 75" in unit


def test_the_documented_gunicorn_command_serves_the_site(tmp_path):
    port = _free_port()
    command = _documented_gunicorn_command()
    command[0] = str(VENV_BIN / "gunicorn")
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--workers") + 1] = "2"  # a small machine; the options are the same
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        command,
        env=_clean_environment(
            SECRET_KEY=secrets.token_urlsafe(45),
            ALLOWED_HOSTS="biafed.example.org",
            SITE_URL="https://biafed.example.org",
            BIAFED_DATA_DIR=str(tmp_path),
            TASK_QUEUE="database",
        ),
        stdout=log,
        stderr=log,
    )
    headers = {"Host": "biafed.example.org", "X-Forwarded-Proto": "https"}
    try:
        _wait_for(f"http://127.0.0.1:{port}/healthz", headers)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for _ in range(2):  # two requests on one connection, as nginx reuses them
            connection.request("GET", "/healthz", headers=headers)
            answer = connection.getresponse()
            assert (answer.status, answer.read()) == (200, b'{"status": "ok"}')
            assert answer.getheader("Connection", "") != "close"
        connection.close()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
