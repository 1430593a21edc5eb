# Mutualis — two commands: `make run` and `make test`. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
PYTEST_WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: prod backup lock run install install-dev test lint test-sqlite test-postgres test-browser seed bench-engine bench-planning bench-billing bench-consolidation bench-matching bench-web clean messages

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base: requirements/base.txt | $(PY)
	bash scripts/system-deps.sh
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/base.txt
	touch $@

$(VENV)/.dev: requirements/dev.txt $(VENV)/.base
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	touch $@

install: $(VENV)/.base
install-dev: $(VENV)/.dev

## make run: set up, migrate, load the demo data, start the web server and one worker.
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) compilemessages --ignore=.venv -v 0 || true
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_needs --group ge-partage-orne --wet-run
	$(MANAGE) seed_demo_recruitment --group ge-partage-orne
	bash scripts/run.sh

## make prod: the production server (gunicorn + whitenoise, N task workers, PostgreSQL); settings in
## deploy/production.env (copy deploy/production.env.example). See docs/production.md.
prod: install
	bash scripts/prod.sh

seed: install
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	$(MANAGE) seed_demo_needs --group ge-partage-orne --wet-run
	$(MANAGE) seed_demo_recruitment --group ge-partage-orne

## make test: lint, then every test on SQLite, then again on PostgreSQL when DATABASE_URL is set.
test: install-dev lint test-sqlite test-postgres

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint mutualis --lint --quiet
	$(BIN)/lint-imports
	env -u DATABASE_URL $(MANAGE) makemigrations --check --dry-run

test-sqlite: install-dev
	env -u DATABASE_URL $(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q --durations=25

test-postgres: install-dev
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== PostgreSQL: $$DATABASE_URL"; \
		$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup -q --create-db -m "not browser" --durations=25; \
	else echo "== DATABASE_URL not set: PostgreSQL run skipped"; fi

test-browser: install-dev
	env -u DATABASE_URL $(PY) -m pytest -q -m browser -p no:randomly

bench-engine: install
	$(PY) -m mutualis.engine.bench $(ARGS)

## make bench-planning: time the GE-wide planning week of the 1,000-employee demo (docs/benchmarks.md).
bench-planning: install
	$(PY) -m benchmarks.planning $(ARGS)

## make bench-consolidation: 1,000 needs consolidated from the application vs the engine's CLI (docs/benchmarks.md).
bench-consolidation: install
	$(PY) -m benchmarks.consolidation $(ARGS)

## make bench-matching: rank 5,000 candidates for one offer, vs the naive baseline (docs/benchmarks.md).
bench-matching: install
	$(PY) -m benchmarks.matching $(ARGS)

## make bench-billing: time the monthly billing run of the 1,000-employee demo (docs/benchmarks.md).
bench-billing: install
	$(PY) -m benchmarks.billing $(ARGS)

## make bench-web: load test of the daily pages (locust, headless, ~3 min) on PostgreSQL behind gunicorn,
## large demo vs the 60-employee demo, 20 and 50 users (docs/benchmarks.md). ARGS="--users 20 --run-time 20s".
bench-web: install-dev
	$(PY) -m benchmarks.web $(ARGS)

## make lock: regenerate the pinned, hashed lock files from requirements/*.in (no machine paths in them).
lock: install-dev
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --generate-hashes --allow-unsafe -o requirements/base.txt requirements/base.in
	$(BIN)/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --generate-hashes --allow-unsafe -o requirements/dev.txt requirements/dev.in

messages: install-dev
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=var --ignore=tests
	$(MANAGE) compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var/static
