# One entry point for the project's tasks. `make run` and `make test` are the README's quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
LOCALE := src/kompas/locale

.PHONY: install run test lint typecheck unit unit-sqlite unit-postgres system-packages messages bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## Compile the translation catalogues (.po -> .mo) with Babel (pure Python, no GNU gettext needed).
messages: $(STAMP)
	$(BIN)/pybabel compile --domain django --directory $(LOCALE) --use-fuzzy --statistics 2>&1 | grep -v '^$$' || true

install: $(STAMP) $(NODE_STAMP) messages

## Install everything and start the web application on the embedded default data.
run: install
	$(BIN)/kompas serve

## Install everything and run the whole test suite: lint, types, tests on SQLite and PostgreSQL.
test: install system-packages lint typecheck unit

## Debian packages the tests need: chromium (browser tests) and postgresql (the second database).
system-packages:
	@scripts/install-system-packages

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy

unit: unit-sqlite unit-postgres

unit-sqlite: install
	$(BIN)/python -m django makemigrations --check --dry-run --settings=kompas.settings
	$(BIN)/pytest

## On PostgreSQL, every test that touches a database. The engine's and the data folder's tests
## are pure (no database) and ran above; the browser tests check pages in a browser, and the
## database work under every page is tested on both databases through Django's test client.
unit-postgres: install
	scripts/with-postgres $(BIN)/pytest --ignore=tests/engine --ignore=tests/dataset --ignore=tests/browser

bench: install
	$(BIN)/python benchmarks/assess_300.py
	$(BIN)/python benchmarks/pages.py
	$(BIN)/python benchmarks/load_overview.py
	$(BIN)/python benchmarks/smaa_300.py
	$(BIN)/python benchmarks/import_governance.py
	$(BIN)/python benchmarks/load_saves.py
	$(BIN)/python benchmarks/profile_robustness.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache .ruff_cache
