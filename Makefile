# The two commands of the quick start: `make demo` and `make test`.
# Everything is installed into .venv from the package registries; nothing else is assumed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: setup demo test lint system-deps pytest clean architecture lock audit-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Every dependency (and pip, setuptools, wheel) comes from requirements.lock: exact versions,
# each file checked against its sha256 (SECURITY.md I2). The project itself is installed
# without dependencies and without build isolation, so nothing unpinned is downloaded.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed
	$(BIN)/duban compile_catalogs

# The demo district's plan year is 2021, so the demo lives as of September 2021 unless told
# otherwise: its business clock reads a week into October (duban/core/asof.py), loading and
# serving alike.
demo: export DUBAN_AS_OF := $(or $(DUBAN_AS_OF),2021-09)
demo: setup
	$(BIN)/duban migrate --noinput
	$(BIN)/duban load_demo --if-empty
	$(BIN)/duban runserver 127.0.0.1:$(PORT)

system-deps:
	@bash scripts/system-deps.sh

lint: setup
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	env -u DATABASE_URL $(BIN)/duban check --fail-level WARNING
	env -u DATABASE_URL $(BIN)/duban makemigrations --check --dry-run
	$(BIN)/bandit -q -r duban -ll -x 'duban/*/tests'
	$(BIN)/mypy duban
	$(BIN)/lint-imports
	$(BIN)/python scripts/writes_in_services.py

# The suite runs on SQLite always, and again on PostgreSQL when DATABASE_URL is set.
test: setup system-deps lint
	env -u DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on PostgreSQL ($$DATABASE_URL)"; $(BIN)/pytest -q; fi

# Redraw the layer picture in docs/architecture.md from the code.
architecture: setup
	$(BIN)/python scripts/architecture.py
# Regenerate the lock from pyproject.toml (after changing a dependency; needs PyPI).
lock: setup
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --extra dev --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

# Known vulnerabilities in the pinned set, from PyPI's advisory data (needs PyPI's JSON API,
# so it is not part of `make test`: run it daily in CI or by hand). Non-zero when one is
# found, and (--strict) when a package could not be audited at all: an unreachable advisory
# API is never a silent pass.
audit-deps: setup
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off -r requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
