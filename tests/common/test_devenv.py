"""manage.py in a new shell after `make run`: it reads var/development.env, but only
without SECRET_KEY, and a missing SECRET_KEY without that file still stops it."""

import os
import subprocess
import sys
from pathlib import Path

from biafed.devenv import read_development_env

REPO = Path(__file__).resolve().parents[2]
KEEP = ("PATH", "HOME", "LANG", "LC_ALL")


def _write(data_dir: Path, text: str) -> None:
    data_dir.mkdir(exist_ok=True)
    (data_dir / "development.env").write_text(text, encoding="utf-8")


def test_the_file_fills_what_the_environment_does_not_set(tmp_path):
    _write(tmp_path, "# comment\nDEBUG=true\nEMAIL_DELIVERY=file\nnot a setting\n")
    environ = {"BIAFED_DATA_DIR": str(tmp_path), "EMAIL_DELIVERY": "smtp"}
    assert read_development_env(environ) == tmp_path / "development.env"
    assert environ == {"BIAFED_DATA_DIR": str(tmp_path), "EMAIL_DELIVERY": "smtp", "DEBUG": "true"}


def test_with_a_secret_key_the_file_is_not_read(tmp_path):
    _write(tmp_path, "DEBUG=true\n")
    environ = {"BIAFED_DATA_DIR": str(tmp_path), "SECRET_KEY": "x" * 50}
    assert read_development_env(environ) is None
    assert "DEBUG" not in environ


def _manage_check(data_dir: Path) -> subprocess.CompletedProcess:
    """`python src/manage.py check` in a new shell: only the basic variables."""
    env = {name: os.environ[name] for name in KEEP if name in os.environ}
    env["BIAFED_DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "src/manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_manage_py_works_in_a_new_shell_after_make_run_and_refuses_without_it(tmp_path):
    refused = _manage_check(tmp_path)
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr

    _write(tmp_path, "DEBUG=true\nTASK_QUEUE=database\nEMAIL_DELIVERY=file\n")
    done = _manage_check(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout
