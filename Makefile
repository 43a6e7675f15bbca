SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
ARGS ?=

# The first Python 3.12+ on this machine: pyenv's choice for .python-version, then the usual names.
FIND_PYTHON := for candidate in "$$(pyenv which python 2>/dev/null)" python3.13 python3.12 python3 \
		$$HOME/.pyenv/versions/3.1[2-9]*/bin/python; do \
	path=$$(command -v "$$candidate" 2>/dev/null) || continue; \
	"$$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { echo "$$path"; break; }; \
done

LOCK := requirements/lock.txt

.PHONY: help run test lint format messages bench screenshots lock

help:
	@echo "make run    set up .venv, migrate, load the demo content and serve on http://127.0.0.1:$(PORT)/"
	@echo "           with the background worker that sends mail (printed to the console)"
	@echo "make test   run the test suite (SQLite, or PostgreSQL when DATABASE_URL=postgres://...)"
	@echo "make lint   ruff lint and format check"
	@echo "make screenshots   home, an article and a search at 390 and 1280 px, and the admin's"
	@echo "                   article list, form and history at 1280 px, in both languages"
	@echo "make bench  the benchmarks in bench/, on PostgreSQL (a private cluster unless DATABASE_URL names one)"
	@echo "make lock   pin the newest versions pyproject.toml allows, with their hashes, in $(LOCK)"

# Installs exactly the versions (and files, by hash) in the lock, which the tests and CI
# ran with; reinstalls only when it changes. The project itself is not installed: the
# site runs from its checkout.
$(VENV)/.installed: $(LOCK)
	@python=$$($(FIND_PYTHON)); \
	if [ -z "$$python" ]; then \
		echo "Newsroom needs Python 3.12 or newer and none was found." >&2; \
		echo "Install one (e.g. 'pyenv install 3.12') or run: make run PYTHON=/path/to/python3.12" >&2; \
		exit 1; \
	fi; \
	if ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	@touch $@

# After changing a range in pyproject.toml, or to take the newest versions it allows:
# pip-compile (in a throwaway environment) writes the lock from PyPI, with the hashes of
# every file PyPI serves. Commit the lock with pyproject.toml, after `make test` passes.
lock:
	@python=$$($(FIND_PYTHON)); tools=$$(mktemp -d); trap 'rm -rf "$$tools"' EXIT; \
	"$$python" -m venv "$$tools" && \
	"$$tools/bin/pip" install --quiet "pip-tools~=7.6" && \
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL PIP_CONFIG_FILE=/dev/null \
		CUSTOM_COMPILE_COMMAND="make lock" \
	"$$tools/bin/pip-compile" --quiet --upgrade --extra dev --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-find-links --no-emit-index-url --output-file $(LOCK) pyproject.toml

# The server and, beside it, the background worker that sends mail (printed to this
# console in debug); Ctrl+C stops both.
run: $(VENV)/.installed
	@export DJANGO_DEBUG=1 DJANGO_SITE_URL=http://127.0.0.1:$(PORT); \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py createcachetable && \
	$(PY) manage.py load_demo && \
	echo && \
	echo "Newsroom is running at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)" && \
	echo "To create the first administrator (it asks for an email, the display name the admin" && \
	echo "greets you by, and a password), run in another terminal:" && \
	echo "    DJANGO_DEBUG=1 $(PY) manage.py createsuperuser" && \
	echo "then sign in at http://127.0.0.1:$(PORT)/admin/ and add editors and translators under" && \
	echo "Users: staff status, a display name, and the Editors or Translators group." && \
	echo && \
	{ $(PY) manage.py db_worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:$(PORT); }

# The tests bring their own settings (tests/settings.py): nothing to export or collect first.
test: $(VENV)/.installed
	$(PY) -m pytest $(ARGS)

# Home, an article and a search, 390 px and 1280 px wide, in English and Spanish, the
# header signed out and in (the search field opened on a phone), and the admin's article
# list, form and history at 1280 px, into screenshots/.
screenshots:
	SCREENSHOTS_DIR=$(CURDIR)/screenshots $(MAKE) test ARGS="tests/e2e/test_layout.py tests/e2e/test_header.py tests/e2e/test_admin_layout.py"
	@echo "Screenshots are in screenshots/"

# Each module in bench/ in turn, against PostgreSQL 15: bench/with-postgres.sh starts a
# private cluster (and removes it afterwards) unless DATABASE_URL already names a server.
# bench/run.sh writes the figures, the date and the machine to bench/RESULTS.md.
# A benchmark that misses its target does not stop the others; make bench fails at the end.
bench: $(VENV)/.installed
	@command -v wrk >/dev/null || apt-get install -y -q wrk >/dev/null
	PYTHON=$(PY) bench/with-postgres.sh bench/run.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Spanish catalogue after changing interface text, then translate and compile it.
messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale es --ignore '.venv' --ignore 'staticfiles' --no-obsolete
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --locale es --ignore '.venv'
