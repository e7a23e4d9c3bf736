# Shpalta: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 4
# gunicorn's control socket defaults to one path per user; two servers would clash.
DATA_DIR := $(or $(SHPALTA_DATA_DIR),data)

.PHONY: run dev test setup install install-dev translations lint typecheck format clean

# Beside the web server: the background-task worker (image renditions, emails, CDN purges)
# and the scheduler that publishes scheduled stories every minute. Ctrl+C stops all three:
# the shell (dash, usually) remembers the two it started and stops exactly those, then
# exits cleanly; `kill 0` would signal the shell itself and re-enter its own trap.
WORKERS_START = $(PY) manage.py db_worker --interval 1 --no-reload & started=$$!; \
	$(PY) manage.py publish_scheduled --every 60 & started="$$started $$!"; \
	trap 'kill $$started 2>/dev/null; wait' EXIT; trap 'exit 0' INT TERM;

run: setup ## Set everything up and serve the site as production would (DEBUG off)
	@echo ""
	@echo "  Shpalta is running at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo "  Newsroom desk: http://$(HOST):$(PORT)/desk/"
	@echo ""
	@$(WORKERS_START) \
	$(VENV)/bin/gunicorn shpalta.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) \
		--threads $(THREADS) --graceful-timeout 5 --access-logfile - --forwarded-allow-ips="" \
		--control-socket $(DATA_DIR)/gunicorn-$(PORT).ctl

dev: setup ## Django's autoreloading server with DEBUG on
	@$(WORKERS_START) \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

setup: install translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_accounts
	$(PY) manage.py load_demo_comments
	$(PY) manage.py load_demo_views
	$(PY) manage.py load_demo_live
	$(PY) manage.py load_demo_pages

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: requirements/requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/requirements.lock
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements/requirements-dev.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/requirements-dev.lock
	touch $@

translations: install
	$(PY) -m shpalta.lib.compile_po .

test: install-dev translations ## The whole suite (PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest

lint: install-dev typecheck
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

typecheck: install-dev ## mypy with django-stubs over shpalta/ (settings in pyproject.toml)
	$(VENV)/bin/mypy

format: install-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache .mypy_cache
