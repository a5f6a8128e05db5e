# One entry point for the project's tasks. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install everything and weigh the embedded default round.
run: install
	$(BIN)/kompas assess

## Install everything and run the whole test suite: lint, types, tests.
test: install lint typecheck unit

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/assess_300.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
