# Logis — the commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv: the one installed for python3 if there is one, otherwise a copy in a bootstrap virtualenv of the project
# (.bootstrap/): the system Python is never touched (Debian and Ubuntu refuse `pip install` into it, PEP 668).
BOOTSTRAP_UV := .bootstrap/bin/uv
UV := $(shell python3 -m uv --version >/dev/null 2>&1 && echo "python3 -m uv" || echo "$(BOOTSTRAP_UV)")
export UV_PYTHON_DOWNLOADS := never
PY := .venv/bin/python
DEMO_ADDR ?= 127.0.0.1:8000
DEMO_ENV := DEBUG=true CELERY_TASK_ALWAYS_EAGER=true SITE_URL=http://$(DEMO_ADDR) LOGIS_DEMO=true SECRET_KEY=demo-insecure-key \
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(CURDIR)/var/mail \
	ACCOUNT_DEFAULT_HTTP_PROTOCOL=http SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage

SERVE_ADDR ?= 127.0.0.1:8000

.PHONY: serve help setup system-packages-demo system-packages-test demo demo-data test manage backup restore quality format bench clean

help:
	@echo "make demo     set up and serve the platform with demo data on http://$(DEMO_ADDR)"
	@echo "make serve    run it as production does (gunicorn, worker, scheduler, DEBUG off) on http://$(SERVE_ADDR)"
	@echo "make test     set up and run the whole test suite (DATABASE_URL chooses the database)"
	@echo "make quality  formatting, lint, template lint, missing migrations"
	@echo "make bench    benchmark figures, one 'BENCH <name> <value> <unit>' line each"

$(BOOTSTRAP_UV):
	python3 -m venv .bootstrap
	.bootstrap/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.5"

.venv/.synced: pyproject.toml uv.lock $(if $(filter $(BOOTSTRAP_UV),$(UV)),$(BOOTSTRAP_UV))
	$(UV) sync --frozen --python python3
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: .venv/.synced node_modules/.installed
	@mkdir -p var/mail

# The system packages (scripts/system-packages.sh): installed with apt as root, otherwise the command is printed.
system-packages-demo:
	@scripts/system-packages.sh demo

system-packages-test:
	@scripts/system-packages.sh test

demo: system-packages-demo setup
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver $(DEMO_ADDR)

# Production's shape on the embedded defaults: gunicorn + Celery worker + Celery beat (scripts/serve.sh).
serve: system-packages-demo setup
	SERVE_ADDR=$(SERVE_ADDR) scripts/serve.sh

test: system-packages-test setup
	$(PY) -m pytest $(PYTEST_ARGS)

# Backups of the database and the documents (README, "Backups"). With a .env or a DATABASE_URL (a server), on that
# environment; otherwise on the demo's. make backup [TO=dir]; make restore FROM=var/backups/logis-… [REPLACE=1]
# (A backup signs nothing: with DATABASE_URL alone, a placeholder SECRET_KEY lets the settings load.)
BACKUP_ENV := $(if $(wildcard .env),,$(if $(DATABASE_URL),SECRET_KEY=$${SECRET_KEY:-backup-signs-nothing},$(DEMO_ENV)))

backup: setup
	$(BACKUP_ENV) $(PY) manage.py backup $(if $(TO),--to "$(TO)")

restore: setup
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/logis-AAAAMMJJ-HHMMSS [REPLACE=1]" >&2; exit 2; }
	$(BACKUP_ENV) $(PY) manage.py restore "$(FROM)" $(if $(REPLACE),--replace)

# A management command on the demo's environment (its SQLite database, no secret to provide), as the README types
# them: make manage ARGS="rules_tables --year 2026". Production runs .venv/bin/python manage.py with its .env.
manage: setup
	@$(DEMO_ENV) $(PY) manage.py $(ARGS)

quality: setup
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(PY) -m djlint logis/templates --lint
	SECRET_KEY=quality $(PY) manage.py makemigrations --check --dry-run

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf var .venv .bootstrap node_modules
