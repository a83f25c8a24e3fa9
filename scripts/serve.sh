#!/usr/bin/env bash
# `make serve`: Logis as production runs it — DEBUG off, gunicorn, collected static files, a Celery worker and
# Celery beat — on the embedded defaults, so that it needs no service: SQLite (var/serve/logis.sqlite3), a broker
# and a cache on the file system (var/serve/), e-mails written to var/mail/. Each of DATABASE_URL, CACHE_URL,
# CELERY_BROKER_URL, EMAIL_BACKEND set in the environment is used instead (PostgreSQL, Redis, SMTP).
# Ctrl-C stops the three processes.
set -euo pipefail
cd "$(dirname "$0")/.."

addr=${SERVE_ADDR:-127.0.0.1:8000}
state=$PWD/var/serve
mkdir -p "$state/broker" "$state/broker-processed" "$state/cache" var/mail
[ -s "$state/secret_key" ] || .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" >"$state/secret_key"

export DEBUG=false
export SECRET_KEY=${SECRET_KEY:-$(cat "$state/secret_key")}
export SITE_URL=${SITE_URL:-http://$addr}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-${addr%:*},localhost,127.0.0.1}
export DATABASE_URL=${DATABASE_URL:-sqlite:///$state/logis.sqlite3}
export CACHE_URL=${CACHE_URL:-filecache://$state/cache}
export CELERY_BROKER_URL=${CELERY_BROKER_URL:-filesystem://}
if [ "$CELERY_BROKER_URL" = "filesystem://" ]; then
  export CELERY_BROKER_TRANSPORT_OPTIONS="{\"data_folder_in\": \"$state/broker\", \"data_folder_out\": \"$state/broker\", \"processed_folder\": \"$state/broker-processed\", \"store_processed\": false, \"control_folder\": \"$state/broker-control\"}"
fi
export CELERY_BEAT_SCHEDULE_FILENAME=$state/celerybeat-schedule
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}
# Plain HTTP on the loopback: production sits behind nginx with TLS (deploy/nginx/logis.conf).
export ACCOUNT_DEFAULT_HTTP_PROTOCOL=${ACCOUNT_DEFAULT_HTTP_PROTOCOL:-http}
export SESSION_COOKIE_SECURE=${SESSION_COOKIE_SECURE:-false}
export CSRF_COOKIE_SECURE=${CSRF_COOKIE_SECURE:-false}
export SECURE_SSL_REDIRECT=${SECURE_SSL_REDIRECT:-false}
export SECURE_HSTS_SECONDS=${SECURE_HSTS_SECONDS:-0}

.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py collectstatic --no-input -v 0

pids=()
stop() {
  trap - INT TERM EXIT
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT
.venv/bin/celery -A config worker --concurrency 2 --loglevel INFO --without-gossip --without-mingle &
pids+=($!)
.venv/bin/celery -A config beat --loglevel INFO &
pids+=($!)
.venv/bin/gunicorn config.wsgi --config deploy/gunicorn.conf.py --bind "$addr" &
pids+=($!)
echo "Logis (production mode) on http://$addr — worker, scheduler and web started; Ctrl-C stops them."
wait -n "${pids[@]}"
