"""Gunicorn settings of Logis (make serve, deploy/systemd/logis-web.service). Environment variables override them."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, each with its threads: requests are mostly database-bound. 2 × cores + 1 by default.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
# A request longer than this is killed (nginx waits a little longer: deploy/nginx/logis.conf, proxy_read_timeout).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced after so many requests, so that a slow leak never grows.
max_requests = 2000
max_requests_jitter = 200
# Logis writes its own access line, with the request id (logis.ops); gunicorn's errors go to stderr (journald).
accesslog = None
errorlog = "-"
# Only the local nginx may say which scheme and address the client used (X-Forwarded-Proto, X-Forwarded-For).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The heartbeat files of the workers in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 (the workers' own files)
