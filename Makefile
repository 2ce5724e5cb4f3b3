# The Makefile is the interface: run, test, bench, lint, fmt, migrations-check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install run test bench lint fmt migrations-check seed-fixtures clean test-deps

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

## Start embedded PostgreSQL, migrate, load the seed data and serve on http://$(HOST):$(PORT)
run: $(INSTALLED)
	$(BIN)/python -m bzpeer.serve

## Lint (with the layer contract), the migrations check, then the whole pytest-django suite on
## real PostgreSQL (browser tests in real headless Chromium)
test: lint migrations-check test-deps
	$(BIN)/python -m pytest

## Debian's Chromium (browser tests) and redis-server (the Redis rate-limit backend's tests)
test-deps:
	@command -v chromium >/dev/null && command -v redis-server >/dev/null || { \
		echo "Installing Debian's chromium and redis-server for the tests..."; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium redis-server >/dev/null; }

## Load benchmarks against a floor measured in the same run; writes bench/RESULTS.md
bench: $(INSTALLED)
	$(BIN)/python bench/run.py

## ruff, and import-linter's layers contract (.importlinter): apps depend one way
lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

fmt: $(INSTALLED)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(INSTALLED)
	$(BIN)/python manage.py makemigrations --check --dry-run

## Rebuild fixtures/seed.json from ../shared/seeds (only on machines that have them)
seed-fixtures: $(INSTALLED)
	$(BIN)/python fixtures/build_seed.py

clean:
	rm -rf $(VENV) staticfiles
