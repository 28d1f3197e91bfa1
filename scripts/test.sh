#!/usr/bin/env bash
# Test suite: sync the virtualenv, make sure Debian chromium is there for the
# browser tests (they skip themselves without /usr/bin/chromium), run pytest.
# Extra arguments go to pytest: scripts/test.sh -k booking -x
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

UV=.tools/bin/uv
CHROMIUM=/usr/bin/chromium

say() { printf '==> %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }

if [ ! -x "$UV" ]; then
    say "installing uv into .tools"
    if ! python3 -m venv .tools; then
        printf 'error: python3 -m venv failed (on Debian: apt-get install python3-venv).\n' >&2
        exit 1
    fi
    .tools/bin/pip install -q uv
fi
say "uv sync --frozen"
"$UV" sync --frozen

# Browser assets for the uploader (npm ci + bundle; fast when already done). Without them
# the pages fall back to a plain upload form and the resumable-upload browser test skips.
if ! bash scripts/assets.sh; then
    if [ "${CI:-}" = "true" ]; then
        printf 'error: CI must build the browser assets (scripts/assets.sh failed).\n' >&2
        exit 1
    fi
    warn "scripts/assets.sh failed: the resumable-upload browser test will be skipped."
fi

if [ ! -x "$CHROMIUM" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing Debian chromium for the browser tests"
        if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } </dev/null; then
            warn "could not install chromium: the browser tests will be skipped."
        fi
    elif command -v apt-get >/dev/null 2>&1; then
        warn "$CHROMIUM is missing and this is not root: the browser tests will be skipped."
        warn "install it with: sudo apt-get update && sudo apt-get install -y chromium"
    else
        warn "$CHROMIUM is missing and apt-get is unavailable: the browser tests will be skipped."
    fi
fi

if [ "${CI:-}" = "true" ] && [ ! -x "$CHROMIUM" ]; then
    printf 'error: CI must run the browser tests, and %s is missing.\n' "$CHROMIUM" >&2
    exit 1
fi

# Settings read the environment once, at import.
export BIAFED_TESTING=true
export TASK_QUEUE="${TASK_QUEUE:-immediate}"
export EMAIL_DELIVERY=memory
# DATABASE_URL (if set) passes through: pytest-django creates test_<name> next to it.
# REDIS_URL (if set and answering) enables the tests marked `redis`.

say "pytest (database: ${DATABASE_URL:-SQLite default}, TASK_QUEUE=$TASK_QUEUE, REDIS_URL=${REDIS_URL:-unset})"
status=0
.venv/bin/python -m pytest "$@" || status=$?

if [ "$status" -eq 5 ]; then
    printf 'error: pytest collected no tests (exit code 5): check testpaths in pyproject.toml and the arguments given.\n' >&2
    exit 5
fi
exit "$status"
