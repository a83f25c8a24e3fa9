"""Private services for the integration tests: a redis-server and Logis processes (celery worker, gunicorn).

Each runs on a free port under the test's temporary directory and is stopped by the fixture that started it, so
the tests depend neither on the machine's services nor on each other.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.support.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def wait_for(predicate, *, timeout: float, what: str, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s")


def require_postgresql():
    """The processes must share the test database: an in-memory SQLite one cannot be shared."""
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: the worker and the web processes share the test database (CI runs it).")


def database_url() -> str:
    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


class RedisServer:
    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.skip("redis-server is not installed (.ci/run installs it)")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        def ping():
            try:
                return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
            except redis.exceptions.ConnectionError:
                return False

        wait_for(ping, timeout=10, what="redis-server")
        return self

    def stop(self):
        stop_process(self.process)


def stop_process(process, timeout: float = 10):
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def logis_env(**overrides) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "tests-only-secret"),
            "DATABASE_URL": database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "PASSWORD_HASHERS": "django.contrib.auth.hashers.MD5PasswordHasher",
            "LOG_LEVEL": "WARNING",
        }
    )
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def start_worker(env: dict[str, str], directory: Path, *, beat: bool = True):
    """A real Celery worker (with its embedded beat: the flush every EMAIL_OUTBOX_FLUSH_SECONDS)."""
    directory.mkdir(parents=True, exist_ok=True)
    command = [
        str(VENV_BIN / "celery"), "-A", "config", "worker", "--concurrency", "1", "--loglevel", "WARNING",
        "--without-gossip", "--without-mingle", "--without-heartbeat", "--hostname", f"test-{os.getpid()}@%h",
    ]  # fmt: skip
    if beat:
        command += ["--beat", "--schedule", str(directory / "beat-schedule")]
    log = (directory / "worker.log").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def start_gunicorn(env: dict[str, str], directory: Path, port: int):
    directory.mkdir(parents=True, exist_ok=True)
    log = (directory / f"gunicorn-{port}.log").open("wb")
    process = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "config.wsgi", "--config", "deploy/gunicorn.conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    import urllib.request

    def alive():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sante/", timeout=1) as response:  # noqa: S310
                return response.status == 200
        except OSError:
            return False

    try:
        wait_for(alive, timeout=60, what=f"gunicorn on port {port}")
    except BaseException:
        stop_process(process)  # never left running when it did not come up
        raise
    return process
