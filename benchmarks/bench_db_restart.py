"""The database restarted under load: how many 5xx other than 503, how long the 503s last, and whether a write that
was acknowledged is lost.

A private PostgreSQL cluster (initdb + pg_ctl on a free port under a temporary directory: never the machine's
shared server) holds a fresh Logis database; gunicorn serves Logis on it (CONN_MAX_AGE 60, health checks on).
A bounded load of CLIENTS threads loops for DURATION seconds over reads (the home page, /sante/pret/) and writes
(a sign-up, acknowledged by its 302); at RESTART_AT seconds the cluster is restarted (`pg_ctl restart -m fast`).
Afterwards every acknowledged sign-up must be in the database.

    BENCH db_restart_5xx          answers 500-599 other than 503 (goal 0)
    BENCH db_restart_errors_s     seconds between the first and the last 503
    BENCH db_restart_lost_writes  acknowledged sign-ups missing afterwards (goal 0)
"""

import glob
import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLIENTS, DURATION, RESTART_AT = 4, 20.0, 6.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        sys.exit(f"{name} not found (PostgreSQL server binaries)")
    return found


def as_cluster_owner(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, the cluster belongs to the system's postgres user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        # http://127.0.0.1 only (the gunicorn this script started)
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})  # noqa: S310
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="logis-bench-db-"))
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
    data, pg_port, web_port = work / "pg", free_port(), free_port()
    processes = []
    try:
        subprocess.run(as_cluster_owner([pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                         "-E", "UTF8"]), check=True, capture_output=True)  # fmt: skip
        pg_ctl = ["pg_ctl", "-D", str(data), "-l", str(work / "pg.log"), "-w", "-o",
                  f"-p {pg_port} -k {work} -c listen_addresses=127.0.0.1 -c fsync=off"]  # fmt: skip
        pg_ctl = as_cluster_owner([pg_bin("pg_ctl"), *pg_ctl[1:]])
        subprocess.run([*pg_ctl, "start"], check=True, capture_output=True)
        subprocess.run([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "logis"],
                       check=True)  # fmt: skip
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_port}/logis",
            "CONN_MAX_AGE": "60",
            "CACHE_URL": "locmemcache://",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "DISABLE_RATE_LIMITS": "true",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "ACCESS_LOG": "false",
            "LOG_LEVEL": "CRITICAL",
            "ALLOWED_HOSTS": "127.0.0.1",
        }
        python = str(Path(sys.executable))
        started = time.perf_counter()
        subprocess.run([python, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
        log(f"db_restart: private cluster on port {pg_port} migrated in {time.perf_counter() - started:.1f} s")
        gunicorn = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--config", "deploy/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{web_port}", "--workers", "2", "--threads", "2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{web_port}"
        for _ in range(100):
            if Client(base).request("/sante/")[0] == 200:
                break
            time.sleep(0.2)

        results, acknowledged, lock = [], [], threading.Lock()
        deadline = time.monotonic() + DURATION
        t0 = time.monotonic()

        def load(number: int):
            client, n = Client(base), 0
            while time.monotonic() < deadline:
                n += 1
                status, _ = client.request("/")
                with lock:
                    results.append((time.monotonic() - t0, status))
                signup = Client(base)
                status, page = signup.request("/compte/signup/")
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                if status == 200 and token:
                    email = f"bench{number}-{n}@exemple.fr"
                    status, _ = signup.request(
                        "/compte/signup/",
                        {"csrfmiddlewaretoken": token.group(1), "first_name": "B", "last_name": "N", "email": email},
                    )
                    if status == 302:
                        with lock:
                            acknowledged.append(email)
                with lock:
                    results.append((time.monotonic() - t0, status))

        threads = [threading.Thread(target=load, args=(i,)) for i in range(CLIENTS)]
        for thread in threads:
            thread.start()
        time.sleep(RESTART_AT)
        restart_started = time.monotonic() - t0
        subprocess.run([*pg_ctl, "-m", "fast", "restart"], check=True, capture_output=True)
        log(f"db_restart: cluster restarted at {restart_started:.1f} s, up again at {time.monotonic() - t0:.1f} s")
        for thread in threads:
            thread.join()

        server_errors = [t for t, status in results if 500 <= status < 600 and status != 503]
        unavailable = [t for t, status in results if status == 503]
        refused = sum(1 for _, status in results if status == 0)
        window = (max(unavailable) - min(unavailable)) if unavailable else 0.0
        found = subprocess.run(
            [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(pg_port), "-U", "postgres", "-d", "logis", "-tAc",
             "SELECT email FROM accounts_user WHERE email LIKE 'bench%'"],
            check=True, capture_output=True, text=True,
        ).stdout.split()  # fmt: skip
        lost = len(set(acknowledged) - set(found))
        log(
            f"db_restart: {len(results)} answers, {len(unavailable)} × 503, {refused} connection failures, "
            f"{len(acknowledged)} sign-ups acknowledged; load: {os.getloadavg()[0]:.2f}"
        )
        print(f"BENCH db_restart_5xx {len(server_errors)} responses")
        print(f"BENCH db_restart_errors_s {window:.2f} s")
        print(f"BENCH db_restart_lost_writes {lost} writes")
        return 0
    finally:
        for process in processes:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        subprocess.run(as_cluster_owner([pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True)  # fmt: skip
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
