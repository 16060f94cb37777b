# The two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.PHONY: install run test lint migrate demo collectstatic lock sysdeps loadtest

# Every package, transitive ones included, is pinned with its hashes (requirements-dev.txt
# holds the runtime requirements too); pip refuses anything whose hash does not match.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

migrate: install
	DJANGO_DEBUG=true $(BIN)/python manage.py migrate --noinput

demo: migrate
	DJANGO_DEBUG=true $(BIN)/python manage.py seed_demo --projects 200

# Debian packages the PDFs (WeasyPrint) need at run time: installed when this runs as root
# with apt-get, otherwise the exact command is printed (the app runs without them, its PDFs
# do not).
SYSDEPS_CHECK := dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "Noto Sans CJK"
sysdeps:
	@$(SYSDEPS_CHECK) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk (for the PDFs)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null \
	    || echo "Could not install them; run: apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"; \
	  else \
	    echo "The PDFs need Debian's Pango and CJK fonts; run: sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk"; \
	  fi; }

# The server and the background queue's worker (qcluster) together; Ctrl-C stops both.
run: sysdeps demo
	DJANGO_DEBUG=true $(BIN)/python manage.py setup_schedules
	@echo "Serving on http://127.0.0.1:8000, with the background worker  (Ctrl-C to stop)"
	trap 'kill 0' EXIT; \
	DJANGO_DEBUG=true $(BIN)/python manage.py qcluster & \
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# ruff (lint and format), the import contracts between and inside the apps, and types.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DJANGO_DEBUG=true $(BIN)/mypy

# The load test (docs/loadtest.md): seeds LOADTEST_DB (PostgreSQL) unless LOADTEST_ARGS has
# --reuse, serves it with gunicorn as in production, runs locust, prints the figures.
LOADTEST_DB ?= postgres://postgres@127.0.0.1:5432/loadtest_bench
LOADTEST_ARGS ?= --projects 40000 --users 50 --time 3m --scenario browse
loadtest: install
	DJANGO_DEBUG=true DATABASE_URL=$(LOADTEST_DB) $(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

collectstatic: install
	$(BIN)/python manage.py collectstatic --noinput

# Regenerate the hashed requirements from the direct pins in requirements*.in (README,
# "Upgrading a dependency"). The runtime file first: the dev file is constrained by it.
LOCK := $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: install
	$(LOCK) --output-file=requirements.txt requirements.in
	$(LOCK) --output-file=requirements-dev.txt requirements-dev.in
