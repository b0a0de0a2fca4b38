# Two commands matter: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
FLASK := $(VENV)/bin/flask --app wsgi
PYBABEL := $(VENV)/bin/pybabel
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test lint test-sqlite test-postgres install install-dev translations extract-messages migrate seed bench bench-ci resilience resilience-ci wrk clean

# The runtime (requirements.txt) for `make run`; test and lint tools on top (requirements-dev.txt) for `make test`.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations

# Compile the message catalogs (.mo files are build products, not kept in git).
translations: $(VENV)/.installed
	@$(PYBABEL) compile -d app/translations >/dev/null

# Refresh the catalogs after changing user-visible strings; then translate the new entries in hy and ru.
extract-messages: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot --no-location --sort-output --ignore-dirs=".*" .
	$(PYBABEL) update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete

migrate: install
	$(FLASK) db upgrade

# Loads the Dilijan demo community once; running it again changes nothing.
seed: migrate
	$(FLASK) seed-demo

# Web (gunicorn) and worker (huey consumer) from the Procfile, run by honcho; keeps serving until Ctrl-C.
# Once the web server answers, it prints the URL and, on the first run, the demo passwords.
run: seed
	@export HOST=$(HOST) WORKERS=$(WORKERS) PATH="$(CURDIR)/$(VENV)/bin:$$PATH"; \
	honcho start -f Procfile -p $(PORT) & pid=$$!; \
	trap 'kill -TERM $$pid 2>/dev/null; wait $$pid' INT TERM; \
	$(FLASK) run-info --url http://$(HOST):$(PORT)/; \
	wait $$pid

# Two test processes (pytest-xdist; the machine has two cores), each taking a whole test file at a time, so a
# file's module fixtures are built once. Each process has its own databases (PostgreSQL schemas carry its pid).
TEST_WORKERS ?= 2
PYTEST := $(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile
# Bytecode caches on (an environment may turn them off): otherwise every test process, and every server, worker and
# command the tests start, compiles app/ again, and pytest rewrites each test module's asserts again.
test test-sqlite test-postgres: export PYTHONDONTWRITEBYTECODE :=

# ruff with the rules of pyproject.toml: pyflakes, pycodestyle, bugbear, isort and bandit's security checks.
lint: install-dev
	$(VENV)/bin/ruff check .

# Lint, then the whole suite: on SQLite without the slow end-to-end tests (marker `once`: browser journeys, real-server smoke
# tests), then everything on PostgreSQL, the production database. Without a PostgreSQL server (outside CI), the
# SQLite run takes everything.
test: lint
	@if [ "$$CI" = "true" ] || $(PY) -c "import psycopg,sys; psycopg.connect('$(subst postgresql+psycopg,postgresql,$(TEST_DATABASE_URL))', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-sqlite ONCE=skip && $(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): everything runs on SQLite (PostgreSQL is required in CI)."; \
		$(MAKE) --no-print-directory test-sqlite; \
	fi

test-sqlite: install-dev
	@echo "== test suite on SQLite$(if $(ONCE), without the tests marked once) =="
	TEST_DATABASE_URL= $(PYTEST) $(if $(ONCE),-m "not once")

test-postgres: install-dev
	@echo "== test suite on PostgreSQL ($(TEST_DATABASE_URL)) =="
	TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(PYTEST)

# Debian's wrk drives the bench when it can be installed (root); otherwise bench/driver.py's Python threads do.
wrk:
	@command -v wrk >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }) || \
		echo "wrk not installed (needs root): the Python driver will be used and cap the numbers."; }

# Builds (or reuses) 100k-action / 1M-appeal and 1k-action databases in bench/data/, serves each with
# gunicorn.conf.py on 127.0.0.1 and prints one table; results go to bench/results/. See bench/README.md.
bench: install wrk
	$(PY) -m bench.run
	$(PY) -m bench.mail
	$(PY) -m bench.digest

# A small, fast version (also run by the test suite: tests/test_bench_smoke.py).
bench-ci: install
	BENCH_SECONDS=1 BENCH_LARGE=2000,5000 BENCH_SMALL=200,500 BENCH_OUT=$${TMPDIR:-/tmp}/hashvetu-bench-ci.md $(PY) -m bench.run

# Load, kill -9, backup during load, floods and bad input, memory: every loop bounded; prints what held.
resilience: install-dev
	$(PY) -m bench.resilience

resilience-ci: install-dev
	RESILIENCE_SCALE=ci $(PY) -m bench.resilience

clean:
	rm -rf $(VENV) .pytest_cache
