# biafed developer entry points. The logic lives in scripts/ and .ci/run.
#   make run [PORT=8000]      development server with demo data, worker and scheduler
#   make test [ARGS="-k x"]   test suite (pytest)
#   make lint                 ruff check and format check, mypy (pre-commit runs the same)
#   make migrations-check     fail if models changed without a migration
#   make bench-pages          page-load benchmark
#   make bench-allocation     allocation engine against greedy and two-stage baselines
#   make bench-affinity       affinity matrix against pair-by-pair scoring
#   make bench-intake         upload ingest and preview benchmark
#   make bench-reports        network report over five years of activity
#   make bench-catalogue      catalogue import, vocabulary build, catalogue pages
#   make bench-matching       request understanding and matching against today's scorer

SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
export PORT

UV := .tools/bin/uv
PYTHON := .venv/bin/python
MANAGE := .venv/bin/biafed-manage

.PHONY: help run test bench-pages bench-allocation bench-affinity bench-intake bench-reports bench-catalogue bench-matching lint migrations-check sync

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install -q uv

sync: $(UV)
	$(UV) sync --frozen

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh $(ARGS)

bench-pages: sync
	$(PYTHON) benchmarks/pages/run.py

bench-allocation: sync
	$(PYTHON) benchmarks/allocation/run.py $(ARGS)

bench-affinity: sync
	$(PYTHON) benchmarks/affinity/run.py $(ARGS)

bench-intake: sync
	$(PYTHON) benchmarks/intake/run.py $(ARGS)

bench-reports: sync
	$(PYTHON) benchmarks/reports/run.py $(ARGS)

bench-catalogue: sync
	$(PYTHON) benchmarks/catalogue/run.py $(ARGS)

bench-matching: sync
	$(PYTHON) benchmarks/matching/run.py $(ARGS)

lint: sync
	.venv/bin/ruff check src tests
	.venv/bin/lint-imports
	.venv/bin/ruff format --check src tests
	.venv/bin/mypy

# DEBUG=true only so that settings load without SECRET_KEY; it does not affect migrations.
migrations-check: sync
	DEBUG=true $(MANAGE) makemigrations --check --dry-run
