# The two commands of the quick start: `make demo` and `make test`.
# Everything is installed into .venv from the package registries; nothing else is assumed.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: setup demo test lint system-deps pytest clean architecture

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

setup: $(VENV)/.installed
	$(BIN)/duban compile_catalogs

# The demo district's plan year is 2021, so pages open as of September 2021 unless told otherwise.
demo: setup
	$(BIN)/duban migrate --noinput
	$(BIN)/duban load_demo --if-empty
	DUBAN_AS_OF=$${DUBAN_AS_OF:-2021-09} $(BIN)/duban runserver 127.0.0.1:$(PORT)

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

# The suite runs on SQLite always, and again on PostgreSQL when DATABASE_URL is set.
test: setup system-deps lint
	env -u DATABASE_URL $(BIN)/pytest -q
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on PostgreSQL ($$DATABASE_URL)"; $(BIN)/pytest -q; fi

# Redraw the layer picture in docs/architecture.md from the code.
architecture: setup
	$(BIN)/python scripts/architecture.py

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
