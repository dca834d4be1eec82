# Two commands set everything up on a fresh machine: `make demo` and `make test`.
# Each creates the virtual environment in .venv and installs what it needs.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv demo test lint typecheck pytest format bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Build the small demo region in var/demo.sqlite (if absent) and open it.
demo: venv
	$(BIN)/amanat demo

## Every check: lint, format, types, and the test suite on SQLite and PostgreSQL.
test: lint typecheck pytest

lint: venv
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: venv
	$(BIN)/mypy

pytest: venv
	$(BIN)/python -m pytest

format: venv
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

## Benchmarks (see BENCHMARKS.md); not part of `make test`.
bench: venv
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python benchmarks/load_demo.py

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
