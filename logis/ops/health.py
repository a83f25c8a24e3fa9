"""Health endpoints for the load balancer and the operator, as JSON.

/sante/       the process is alive (reads nothing: a database down does not make a web process "dead").
/sante/pret/  ready to serve: the database, the cache, the task queue's broker and the documents' storage, each
              with its latency in milliseconds; 200 when all answer, 503 otherwise.
"""

import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"engine": connection.vendor}


def _cache():
    key = f"logis:health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if getattr(cache, "unreachable", None) is not None:  # the resilient Redis cache serves without Redis: say so
        raise cache.unreachable
    if cache.get(key) != "ok":
        raise RuntimeError("the value written was not read back")
    cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rpartition(".")[2]}


def _broker():
    if celery_app.conf.task_always_eager:
        return {"mode": "eager"}  # the demo runs tasks in the process: no broker to reach
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=1)
        client = getattr(conn.default_channel, "client", None)
        if client is not None and hasattr(client, "ping"):
            client.ping()  # Redis: kombu connects lazily, a PING proves the broker answers
        return {"transport": conn.transport.driver_type}


def _storage():
    storage = storages["documents"]
    storage.exists(f"sante-{uuid.uuid4().hex}")  # a read of the storage: a missing name is an answer
    return {"backend": type(storage).__name__}


CHECKS = {"database": _database, "cache": _cache, "broker": _broker, "storage": _storage}


@login_not_required
@never_cache
@transaction.non_atomic_requests  # no transaction, so no database connection, for a probe
def alive(request):
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@transaction.non_atomic_requests
def ready(request):
    results, healthy = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail = check()
            status = "ok"
        except Exception as exc:  # every failure is an answer of this endpoint, never a 500
            detail, status, healthy = {"error": type(exc).__name__}, "error", False
        results[name] = {"status": status, "latency_ms": round((time.perf_counter() - started) * 1000, 2), **detail}
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
