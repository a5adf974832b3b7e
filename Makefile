# PCN Admin: `make run` (SQLite demo on http://127.0.0.1:8000) and `make test` (PostgreSQL).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/pcnadmin
# Test workers (pytest-xdist): one a core on these 2-core machines; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= 2
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast serve install system-deps postgres lint format bench backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes, so a second run is fast.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	@# The mail worker beside the server: queued notifications are printed to this console.
	DEBUG=true MAILER_EMPTY_QUEUE_SLEEP=5 $(BIN)/python manage.py runmailer & mailer=$$!; \
		trap 'kill $$mailer 2>/dev/null' EXIT INT TERM; \
		DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

system-deps:
	bash scripts/system-deps.sh

postgres:
	bash scripts/ensure-postgres.sh "$(TEST_DATABASE_URL)"

test: install system-deps postgres
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" SECRET_KEY=test-only-not-secret \
		$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# The quick lane while working: the pure rules and the services, no browser, no races.
test-fast: install postgres
	DATABASE_URL="$${DATABASE_URL:-$(TEST_DATABASE_URL)}" SECRET_KEY=test-only-not-secret \
		$(BIN)/python -m pytest -q -m "not browser and not concurrency" \
		tests/funding/test_rules.py tests/funding/test_engine.py tests/funding/test_shipped_figures.py \
		tests/funding/test_rate_schedule.py tests/workforce/test_rules.py \
		tests/workforce/test_claim_rules.py tests/workforce/test_workflow.py \
		tests/networks/test_membership.py $(PYTEST_ARGS)

# Production-style serving: gunicorn + whitenoise. Needs SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
serve: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/gunicorn pcnadmin.wsgi --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3} --no-control-socket

# Back up / restore the database named by DATABASE_URL (SQLite db.sqlite3 when unset). With
# DATABASE_URL they load the production settings, so SECRET_KEY must be set too. restore asks
# for confirmation on a terminal; YES=1 restores without asking (scripts, cron).
backup: install
	$(if $(DATABASE_URL),,DEBUG=true) $(BIN)/python manage.py backup $(FILE)

restore: install
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/pcnadmin-....backup" >&2; exit 2)
	$(if $(DATABASE_URL),,DEBUG=true) $(BIN)/python manage.py restore "$(FILE)" $(if $(YES),--yes)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# Benchmarks on a synthetic England in PostgreSQL (generated on first run); see benchmarks/README.md.
BENCH_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/pcnadmin_bench
bench: install postgres
	BENCH_DATABASE_URL="$(BENCH_DATABASE_URL)" $(BIN)/python benchmarks/run.py
