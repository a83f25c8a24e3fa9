# Logis — the commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV := python3 -m uv
export UV_PYTHON_DOWNLOADS := never
PY := .venv/bin/python
DEMO_ADDR ?= 127.0.0.1:8000
DEMO_ENV := DEBUG=true SITE_URL=http://$(DEMO_ADDR) LOGIS_DEMO=true SECRET_KEY=demo-insecure-key \
	DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend EMAIL_FILE_PATH=$(CURDIR)/var/mail \
	ACCOUNT_DEFAULT_HTTP_PROTOCOL=http SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage

.PHONY: help setup demo demo-data test quality format bench clean

help:
	@echo "make demo     set up and serve the platform with demo data on http://$(DEMO_ADDR)"
	@echo "make test     set up and run the whole test suite (DATABASE_URL chooses the database)"
	@echo "make quality  formatting, lint, template lint, missing migrations"
	@echo "make bench    benchmark figures, one 'BENCH <name> <value> <unit>' line each"

.venv/.synced: pyproject.toml uv.lock
	@python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv
	$(UV) sync --frozen --python python3
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

setup: .venv/.synced node_modules/.installed
	@mkdir -p var/mail

demo: setup
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v 0
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py runserver $(DEMO_ADDR)

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

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
	rm -rf var .venv node_modules
