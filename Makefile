# make run: set up and serve the demo district on http://127.0.0.1:$PORT (8000; PORT=8123 make run), with DEBUG off
#   (the portal's own error pages; DEBUG=1 make run for development). Procfile: web, Celery worker, and beat
#   (periodic tasks: deadline reminders, the sweep of lost work)
# make test: set up and run the whole test suite (PYTEST_ARGS="-k login" to pass arguments)
# make lint: ruff check and ruff format --check
# make bench: time the volunteer import of 10,000 rows against a raw openpyxl + bulk_create
#   baseline on SQLite, then on DATABASE_URL's server when it is not SQLite (BENCH_ARGS="--rows 2000");
#   the same for the import of 10,000 fund entries (funding's bench_fund_import);
#   then the report compile per stage: the demo district and synthetic 100-town districts of 30 and
#   3 villages a town, with their query counts, likewise (BENCH_COMPILE_ARGS="--villages 10 --skip-demo");
#   then, on DATABASE_URL's server only, the 100 × 30 district compiled through the queue (CELERY_BROKER_URL) by 1,
#   then 2 real Celery workers: wall seconds, parts per worker, peak memory (BENCH_WORKERS_ARGS="--repeat 3"),
#   and the same for the synthetic province's report (BENCH_PROVINCE below);
#   then the list pages' load test: gunicorn (3 workers, DEBUG off) with the demo district, 10 signed-in users
#   for 30 s, per page p50/p95, requests/s and the one-user median beside the raw baseline (the page's
#   queries alone, a bare view returning its bytes), on SQLite or on DATABASE_URL's server
#   (BENCH_PAGES_ARGS="--seconds 10 --users 20"); on a server, the same at a province's scale: a synthetic
#   province (load_synthetic, BENCH_PROVINCE=100,13,16,24), its admin, 20 users for 60 s (BENCH_PROVINCE_ARGS)
# make backup: one archive of the configured database and the media files, var/backups/xishan-YYYYmmdd-HHMMSS.tar.gz
#   (BACKUP_DIR=… for another folder); make restore BACKUP=path: restore one into the configured database
#   and MEDIA_ROOT, then check the row counts (FORCE=1 replaces data they hold). docs/OPERATIONS.md

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per CPU; a test file stays in one process, so module fixtures load once.
PYTEST_WORKERS ?= auto
BENCH_ARGS ?=
PORT ?= 8000
DEBUG ?= 0
BENCH_COMPILE_ARGS ?=
BENCH_PAGES_ARGS ?=
# The province of the province-scale load test (districts,towns a district,villages a town,five-olds a village).
BENCH_PROVINCE ?= 100,13,16,24
BENCH_PROVINCE_ARGS ?=
BACKUP_DIR ?=
BACKUP ?=
FORCE ?=

.PHONY: run test lint venv messages bench backup restore

# The interpreter the venv is made from: the distribution's where there is one (Debian's CPython is
# built with profile-guided and link-time optimisation, pyenv's default build without: every page
# costs some 15 % more CPU in the latter), else the first python3 on the PATH. PYTHON=… chooses.
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)

$(PY):
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); python3 -m venv $(VENV); }

# Reinstall only when requirements.txt changed since the last install.
$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

venv: $(STAMP)

# compilemessages needs gettext's msgfmt; .venv holds Django's own catalogues, already compiled.
messages: $(STAMP)
	@if find . -path ./$(VENV) -prune -o -path ./var -prune -o -name '*.po' -print | grep -q .; then \
		scripts/system-deps.sh gettext && \
		$(PY) manage.py compilemessages --ignore=$(VENV) --ignore=var; \
	fi

# DEBUG off serves static files through whitenoise from STATIC_ROOT (var/staticfiles, not in git);
# links in emails point at this port.
run: export PORT := $(PORT)
run: export DEBUG := $(DEBUG)
run: messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py collectstatic --noinput -v 0
	@echo "Serving http://127.0.0.1:$(PORT)/ (Ctrl-C stops web, worker and beat)"
	EMAIL_SITE_URL=$${EMAIL_SITE_URL:-http://127.0.0.1:$(PORT)} $(VENV)/bin/honcho start

test: $(STAMP)
	scripts/system-deps.sh
	$(MAKE) --no-print-directory messages
	$(PY) -m pytest -ra -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# bench_import, bench_compile(_workers) and bench_pages never open the configured database: each creates, migrates and
# drops its own (a file under var/ for SQLite, xishan_bench / xishan_bench_compile / xishan_bench_workers /
# xishan_bench_pages on a server).
# sqlite:// only picks the backend.
bench: $(STAMP)
	DATABASE_URL=sqlite:// $(PY) manage.py bench_import $(BENCH_ARGS)
	@case "$$DATABASE_URL" in ""|sqlite*) ;; *) $(PY) manage.py bench_import $(BENCH_ARGS) ;; esac
	DATABASE_URL=sqlite:// $(PY) manage.py bench_fund_import $(BENCH_ARGS)
	@case "$$DATABASE_URL" in ""|sqlite*) ;; *) $(PY) manage.py bench_fund_import $(BENCH_ARGS) ;; esac
	DATABASE_URL=sqlite:// $(PY) manage.py bench_compile $(BENCH_COMPILE_ARGS)
	@case "$$DATABASE_URL" in ""|sqlite*) ;; *) $(PY) manage.py bench_compile $(BENCH_COMPILE_ARGS) ;; esac
	@case "$$DATABASE_URL" in ""|sqlite*) ;; *) $(PY) manage.py bench_compile_workers $(BENCH_WORKERS_ARGS) && \
		$(PY) manage.py bench_compile_workers --province $(BENCH_PROVINCE) --repeat 1 $(BENCH_WORKERS_ARGS) ;; esac
	@case "$$DATABASE_URL" in ""|sqlite*) DATABASE_URL=sqlite:// $(PY) manage.py bench_pages $(BENCH_PAGES_ARGS) ;; \
		*) $(PY) manage.py bench_pages $(BENCH_PAGES_ARGS) ;; esac
	@case "$$DATABASE_URL" in ""|sqlite*) ;; \
		*) $(PY) manage.py bench_pages --province $(BENCH_PROVINCE) --users 20 --seconds 60 $(BENCH_PROVINCE_ARGS) ;; esac

# Not on $(STAMP): a backup on a server never reinstalls its Python packages.
backup:
	$(PY) manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore:
	$(PY) manage.py restore $(if $(BACKUP),"$(BACKUP)") $(if $(filter 1 yes true,$(FORCE)),--force)
