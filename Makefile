# Palabre — the two commands: `make demo` and `make test`.
# Everything installs itself on a fresh machine with Python 3.11.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app app
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install translations extract-messages lint bench serve clean browser-deps postgres-deps pdf-deps axe-deps redis-deps nginx-deps

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,serve,postgres]'
	touch $(STAMP)

install: $(STAMP) translations

# Compiled catalogs (.mo) are built, not committed.
translations: $(STAMP)
	$(BIN)/pybabel compile -d translations >/dev/null

# Refresh the catalogs after changing user-facing strings.
extract-messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --ignore-dirs '.* tests bench migrations' -o translations/messages.pot . >/dev/null
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete >/dev/null

# The demo's e-mails link to the address it is served on (see PALABRE_BASE_URL in README).
DEMO_URL := PALABRE_BASE_URL="$${PALABRE_BASE_URL:-http://127.0.0.1:5000}"
demo: install pdf-deps
	$(DEMO_URL) $(FLASK) demo
	@echo ""
	@echo "Palabre is served on http://127.0.0.1:5000 (Ctrl-C to stop)."
	$(DEMO_URL) $(FLASK) run --host 127.0.0.1 --port 5000

# Debian's Chromium drives the browser tests (no browser is downloaded by Playwright).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Pango for WeasyPrint, which prints the committee's report as PDF (synthesis/pdf.py).
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

# PostgreSQL 15 for the second run of the suite (a throwaway cluster, see tests/pg_cluster.py).
postgres-deps:
	@[ -x /usr/lib/postgresql/15/bin/initdb ] || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql-15 >/dev/null; }

# Debian's nginx for bench/nginx.py (its cache in front of gunicorn, on a loopback port).
nginx-deps:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx-light >/dev/null; }

# Redis counts the rate limits once for every gunicorn worker (make serve, and the tests that
# run gunicorn as make serve does).
redis-deps:
	@command -v redis-server >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq redis-server >/dev/null; }

# axe-core audits every page type in the accessibility tests (tests/accessibility/): npm's
# package, installed into .npm-test/ (git-ignored), with Debian's Node.js if none is present.
AXE := .npm-test/node_modules/axe-core/axe.min.js
axe-deps: $(AXE)
$(AXE):
	@command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; }
	npm install --silent --no-save --no-audit --no-fund --prefix .npm-test axe-core@4

# The whole suite runs on SQLite, then again on PostgreSQL, spread over the cores. The
# browser audits that read every page type (marked `audit`) read the same pages on either
# database: they run once, on SQLite.
TEST_WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
test: install browser-deps postgres-deps pdf-deps axe-deps redis-deps
	$(MAKE) --no-print-directory lint
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS)
	PALABRE_TEST_DB=postgres $(BIN)/python -m pytest -q -n $(TEST_WORKERS) -m "not audit"

# Production-like serving: gunicorn workers, the single search-index writer and the mail
# sender as their own processes, stopped together. Configure with PALABRE_* variables.
# The workers count the rate limits in one Redis, on a socket in the instance folder and
# kept in memory only, unless PALABRE_RATELIMIT_STORAGE_URL names another.
WORKERS ?= 4
BIND ?= 127.0.0.1:8000
# More of gunicorn's options, e.g. GUNICORN_OPTIONS='--access-logfile -'.
GUNICORN_OPTIONS ?=
# E-mails link to PALABRE_BASE_URL: set it to the site's public address (https://…); without
# it, they link to the address served here.
SERVE_URL := PALABRE_BASE_URL="$${PALABRE_BASE_URL:-http://$(BIND)}"
serve: install redis-deps
	$(SERVE_URL) $(FLASK) db upgrade
	export $(SERVE_URL); trap 'kill 0' INT TERM EXIT; \
	  if [ -z "$${PALABRE_RATELIMIT_STORAGE_URL}$${PALABRE_RATELIMIT_STORAGE_URI}" ]; then \
	    instance="$$(realpath -m "$${PALABRE_INSTANCE_PATH:-instance}")"; \
	    mkdir -p "$$instance" && rm -f "$$instance/redis.sock"; \
	    redis-server --port 0 --unixsocket "$$instance/redis.sock" --unixsocketperm 700 \
	      --dir "$$instance" --pidfile "$$instance/redis.pid" --save '' --appendonly no \
	      --loglevel warning & \
	    for wait in $$(seq 100); do [ -S "$$instance/redis.sock" ] && break; sleep 0.1; done; \
	    [ -S "$$instance/redis.sock" ] || { echo "redis-server did not start" >&2; exit 1; }; \
	    export PALABRE_RATELIMIT_STORAGE_URL="redis+unix://$$instance/redis.sock"; \
	  fi; \
	  $(FLASK) search-worker & \
	  $(FLASK) send-mail --loop & \
	  PALABRE_INDEX_AFTER_REQUEST=0 \
	  $(BIN)/gunicorn --config python:forum.serving \
	    --workers $(WORKERS) --bind $(BIND) $(GUNICORN_OPTIONS) 'app:create_app()'

# ruff, and the import contract of pyproject.toml: each package imports only those below
# it (forum ← questions ← moderation ← synthesis ← demo), and no import cycle.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Every benchmark in bench/, in turn; each writes its figures into docs/PERFORMANCE.md.
bench: install postgres-deps nginx-deps
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache
	find translations -name '*.mo' -delete
