"""Structured logs: JSON lines with the request id, never a sensitive value; errors reported to Sentry scrubbed."""

import gzip
import json
import logging
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import Client

from logis.ops.logs import JsonFormatter, RequestIdFilter, redact
from tests.support.services import ROOT


@pytest.mark.parametrize(
    ("line", "hidden", "kept"),
    [
        ("Invitation envoyée à lou.petit@exemple.fr", "lou.petit@exemple.fr", "Invitation envoyée à"),
        ("login failed password=hunter2&next=/", "hunter2", "next=/"),
        ('{"code": "482913"}', "482913", '"code"'),
        ("GET /compte/password/reset/key/3n-c7x9a2-4f1b9e8d7c6a5b4e3f2a1/ 200", "c7x9a2-4f1b9e8d7c6a5b4e3f2a1", "200"),
        ("GET /entreprise/invitation/eyJpIjo0Miwi:1tX9pQ:AbCdEf0123456789xyz/ 302", "AbCdEf0123456789", "302"),
        ("GET /offres/12/ 200", None, "/offres/12/"),
    ],
)
def test_sensitive_values_are_masked(line, hidden, kept):
    masked = redact(line)

    if hidden:
        assert hidden not in masked
    assert kept in masked


def _record(message, *args, **extra):
    record = logging.LogRecord("logis.test", logging.WARNING, __file__, 1, message, args, None)
    for name, value in extra.items():
        setattr(record, name, value)
    RequestIdFilter().filter(record)
    return record


def test_a_log_line_is_one_json_object_with_only_plain_extras():
    line = JsonFormatter().format(_record("sent to %s", "lou@exemple.fr", status=200, user=object(), path="/a/"))

    entry = json.loads(line)
    assert entry["message"] == "sent to [adresse]"
    assert entry["level"] == "WARNING"
    assert entry["status"] == 200
    assert entry["path"] == "/a/"
    assert "user" not in entry  # an object is never serialised into the logs
    assert "request_id" in entry


@pytest.mark.django_db
def test_each_request_logs_one_access_line_with_its_id(settings, caplog):
    settings.ACCESS_LOG = True
    with caplog.at_level(logging.INFO, logger="logis.access"):
        response = Client().get("/sante/", HTTP_X_REQUEST_ID="proxy-id-12345678")

    assert response["X-Request-ID"] == "proxy-id-12345678"
    [record] = [r for r in caplog.records if r.name == "logis.access"]
    assert (record.status, record.path, record.request_id) == (200, "/sante/", "proxy-id-12345678")
    assert record.duration_ms >= 0


def test_a_malformed_request_id_is_replaced(client):
    response = client.get("/sante/", HTTP_X_REQUEST_ID="<script>")

    assert response["X-Request-ID"] != "<script>"
    assert len(response["X-Request-ID"]) == 32


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):  # noqa: N802 (http.server's hook name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        elif self.headers.get("Content-Encoding") == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


SCRIPT = """
import django, sentry_sdk
django.setup()
from django.test import Client, override_settings
with override_settings(ROOT_URLCONF="tests.ops.urls"):
    response = Client(raise_request_exception=False).get(
        "/test/crash/?token=abcdef123&p=hunter2&e=lou@exemple.fr",
        HTTP_X_REQUEST_ID="incident-12345678",
        HTTP_COOKIE="preferences=s3cr3tsession",
    )
assert response.status_code == 500, response.status_code
sentry_sdk.flush(timeout=5)
"""


def test_errors_go_to_sentry_with_the_request_id_and_without_personal_data(tmp_path):
    _Collector.received = []
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/1",
        "ACCESS_LOG": "false",
        "ALLOWED_HOSTS": "testserver",
        "LOG_LEVEL": "CRITICAL",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    try:
        subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, check=True, timeout=60)
    finally:
        server.shutdown()

    sent = b"\n".join(_Collector.received).decode()
    assert "RuntimeError" in sent
    assert "incident-12345678" in sent  # the request id, to find the log lines
    for secret in ("hunter2", "lou@exemple.fr", "s3cr3tsession", "abcdef123"):
        assert secret not in sent


ACCESS_SCRIPT = """
import django
django.setup()
from django.test import Client
assert Client().get("/sante/").status_code == 200
"""


def _access_lines(tmp_path, **env) -> list[dict]:
    """The access lines a process writes for one request, with the given logging settings."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "tests-only-secret",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "ALLOWED_HOSTS": "testserver",
        "ACCESS_LOG": "true",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", ACCESS_SCRIPT], cwd=ROOT, env=environment, check=True, timeout=60, capture_output=True
    )
    lines = [json.loads(line) for line in done.stderr.decode().splitlines() if line.startswith("{")]
    return [line for line in lines if line["logger"] == "logis.access"]


def test_the_access_log_honours_the_log_level_unless_given_its_own(tmp_path):
    [line] = _access_lines(tmp_path)  # INFO by default: operators get their access lines
    assert (line["path"], line["status"], line["level"]) == ("/sante/", 200, "INFO")
    assert _access_lines(tmp_path, LOG_LEVEL="ERROR") == []  # the level set is the level written
    assert len(_access_lines(tmp_path, LOG_LEVEL="ERROR", ACCESS_LOG_LEVEL="INFO")) == 1
    assert _access_lines(tmp_path, ACCESS_LOG="false") == []
