"""Intake settings an operator sets in the environment (docs/configuration.md)."""

import os
import subprocess
import sys

import pytest

READ = "import biafed.settings as s; print(s.INTAKE_STORE_LEASE_MINUTES, s.INTAKE_STORE_MIN_MB_S)"


def settings_with(**environment) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as a server starts, with `environment`."""
    env = {**os.environ, **environment}
    for name in ("INTAKE_STORE_LEASE_MINUTES", "INTAKE_STORE_MIN_MB_S"):
        if name not in environment:
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=60
    )


def test_store_lease_settings_come_from_the_environment():
    assert settings_with().stdout.split() == ["15", "2"]
    read = settings_with(INTAKE_STORE_LEASE_MINUTES="40", INTAKE_STORE_MIN_MB_S="10")
    assert read.stdout.split() == ["40", "10"], read.stderr


@pytest.mark.parametrize("value", ["0", "fast"])
def test_a_bad_store_lease_setting_stops_start_up_with_a_clear_message(value):
    read = settings_with(INTAKE_STORE_MIN_MB_S=value)
    assert read.returncode != 0
    assert "ImproperlyConfigured: INTAKE_STORE_MIN_MB_S=" in read.stderr
