"""Helpers of the concurrency tests: threads with their own database connection, and lock waits seen in PostgreSQL."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connection

only_on_postgresql = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises write transactions: no two writes can race there (runs on PostgreSQL).",
)


def wait_until_a_session_waits_on_a_lock(timeout=10.0) -> bool:
    """True once another session of this database is blocked on a lock (row or unique index entry)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def run_in_thread(target, *args):
    outcome = {}

    def body():
        try:
            outcome["value"] = target(*args)
        except Exception as error:  # noqa: BLE001 - handed to the test thread
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread, outcome
