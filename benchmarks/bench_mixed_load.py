"""Mixed load on Logis under gunicorn: 70 % reads, 30 % writes, for 60 s, against a bare Django view as the anchor.

    .venv/bin/python benchmarks/bench_mixed_load.py [--seconds 60] [--workers 2,4] [--connections 8]
                                                      [--requests-signed-in 300] [--ports 8103-8109]

Uses a dedicated PostgreSQL database (BENCH_MIXED_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/logis_bench_mixed; an advisory lock keeps two runs apart), migrates it and adds
a data set of its own each run: a landlord whose offer has 1,000 applicants (the ranking), 300 published offers
around Lyon, 300 applicants without an application, 2,000 files awaiting validation with the employer's agreement.
The load generator is this script (asyncio, one TCP connection per request: gunicorn's sync workers close it),
closed loop with `--connections` requests in flight, each request chosen at random:

    reads 70 %:  home 14, Mes offres 21, an offer's page 14, Mes candidatures 14, the landlord's ranking 7
    writes 30 %: apply 9, withdraw 7, « Les informations » 9, the landlord's validation 5

Signed-in sessions are made beforehand (the cache-backed sessions of production). Tasks go to a broker no worker
reads during the run (as if the workers ran on other machines). Prints on stdout, each with the machine's load:

    BENCH hello_rps <v> req/s            a bare Django view (no middleware, no database) under the same gunicorn
    BENCH mixed_rps <v> req/s            the mix, best of the worker counts (goal ≥ 250)
    BENCH mixed_p95_ms <v> ms            its p95 (goal ≤ 50)
    BENCH mixed_errors <v> count         answers ≥ 500 or failed connections (goal 0)
    BENCH signed_in_overhead_cpu_ms <v> ms   CPU time of an empty page signed in through Logis's middleware,
                                             minus the bare view's, in-process (goal ≤ 1.5)

Per worker count and per kind of request, the figures go to stderr: the wall times, the CPU per request of
gunicorn's processes, of PostgreSQL's backends for the benchmark's database and of this load generator (which is the
limit?), and the CPU of each kind of request served in-process. Tests never assert timings.
"""

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/logis_bench_mixed"
CSRF = "b" * 32  # the CSRF secret: Django accepts it unmasked in the form, equal to the cookie
MIX = {
    "home": 14,
    "mes_offres": 21,
    "offer": 14,
    "mes_candidatures": 14,
    "ranking": 7,
    "apply": 9,
    "withdraw": 7,
    "information": 9,
    "validate": 5,
}


def _load() -> str:
    return f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"


def _percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))] if ordered else 0.0


def _environment(url: str) -> dict[str, str]:
    from bench_mes_offres import _environment as mes_offres_environment

    env = mes_offres_environment(url)
    env.update(
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        CONN_MAX_AGE="60",
        CELERY_TASK_ALWAYS_EAGER="false",
        # Tasks are queued where no worker reads them (the workers of production run elsewhere); emptied after.
        CACHE_URL=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/8"),
        CELERY_BROKER_URL=os.environ.get(
            "BENCH_MIXED_BROKER_URL", os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/8")
        ),
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        LOG_LEVEL="ERROR",
    )
    return env


# --- data set ---------------------------------------------------------------------------------------------------


def _session_for(user, *, professional: bool = False) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from logis.accounts.mfa import SESSION_KEY as MFA_READY

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if professional:
        session[MFA_READY] = True
    session.create()
    return session.session_key


def _build(seed: int) -> dict:
    """The data of one run; returns what the load generator needs (sessions and pks)."""
    import datetime as dt

    from bench_landlord_ranking import _build as ranking_build
    from django.utils import timezone

    from logis.accounts.models import User
    from logis.applications.models import Application
    from logis.demands.models import Demand
    from logis.employers.models import Agreement
    from logis.offers.models import Offer

    rng = random.Random(seed)
    agent, ranking_offer = ranking_build(1000, seed)
    run = ranking_offer.reference.removeprefix("BENCH-")
    now = timezone.now()
    offers = []
    for index in range(300):
        offer = Offer.objects.get(pk=ranking_offer.pk)
        offer.pk = None
        offer.reference = f"MIX-{run}-{index}"
        offer.lat = ranking_offer.lat + rng.uniform(-0.08, 0.08)
        offer.lng = ranking_offer.lng + rng.uniform(-0.1, 0.1)
        offer.rent = offer.rent + rng.randint(-120, 200)
        offers.append(offer)
    offers = Offer.objects.bulk_create(offers)
    applicants = User.objects.bulk_create(
        User(email=f"mix-{run}-{i}@bench.invalid", first_name="Camille", last_name="Morel", kind="applicant",
             password="!")  # noqa: S106 - Django's marker of an unusable password
        for i in range(300 + 2000)
    )  # fmt: skip
    demands = Demand.objects.bulk_create(
        Demand(
            owner=user,
            numero_unique=f"0690127{run}{i:05d}"[:18],
            imported_at=now,
            refreshed_at=now,
            expires_on=timezone.localdate() + dt.timedelta(days=300),
            household_size=rng.randint(1, 4),
            reference_income=rng.randint(12_000, 26_000),
            monthly_resources=rng.randint(1_500, 3_000),
            workplace_commune_id=ranking_offer.commune_id,
            wished_communes=["69123"],
            wished_typologies=["T2", "T3", "T4"],
            max_rent=900,
            employer_name="Entreprise du banc",
            information_completed_at=now,
        )
        for i, user in enumerate(applicants)
    )
    to_validate = Application.objects.bulk_create(
        Application(demand=demand, offer=offers[0], state="submitted", created_at=now, updated_at=now)
        for demand in demands[300:]
    )
    Agreement.objects.bulk_create(
        Agreement(demand=demand, handler="employer", status="given", requested_at=now, decided_at=now)
        for demand in demands[300:]
    )
    from logis.scoring.services import ranking_ensure_current

    ranking_ensure_current(ranking_offer)  # what the tasks did as the applications came
    ranking_ensure_current(offers[0])
    from logis.organizations.demo import valid_siret

    return {
        "siret": valid_siret(4_000_000_777),  # a SIRET of no employer on Logis: « pas encore inscrite »
        "agent": _session_for(agent, professional=True),
        "ranking_offer": ranking_offer.pk,
        "offers": [offer.pk for offer in offers],
        "applicants": [_session_for(user) for user in applicants[:300]],
        "to_validate": [application.pk for application in to_validate],
    }


# --- load generator ---------------------------------------------------------------------------------------------


class Plan:
    """What the virtual clients do: the sessions, which applicant has an application in progress."""

    def __init__(self, data: dict, rng: random.Random):
        self.rng = rng
        self.data = data
        self.free = list(data["applicants"])  # sessions of applicants with no request in flight
        self.active: dict[str, int] = {}  # session → application in progress
        self.to_validate = list(data["to_validate"])

    def pick(self, kind: str = ""):
        kind = kind or self.rng.choices(list(MIX), weights=list(MIX.values()))[0]
        offers = self.data["offers"]
        if kind == "ranking":
            return kind, None, "GET", f"/bailleur/offres/{self.data['ranking_offer']}/candidats/", None
        if kind == "validate":
            if not self.to_validate:
                return self.pick("ranking")
            pk = self.to_validate.pop()
            return kind, None, "POST", f"/bailleur/candidatures/{pk}/validate/", {"next": "applicants"}
        session = self.free.pop(self.rng.randrange(len(self.free)))
        if kind == "withdraw" and session not in self.active:
            kind = "apply"
        if kind == "apply" and session in self.active:
            kind = "withdraw"
        if kind == "home":
            return kind, session, "GET", "/", None
        if kind == "mes_offres":
            return kind, session, "GET", "/offres/", None
        if kind == "offer":
            return kind, session, "GET", f"/offres/{self.rng.choice(offers)}/", None
        if kind == "mes_candidatures":
            return kind, session, "GET", "/candidatures/", None
        if kind == "apply":
            return kind, session, "POST", f"/candidatures/postuler/{self.rng.choice(offers)}/", {}
        if kind == "withdraw":
            pk = self.active[session]
            return kind, session, "POST", f"/candidatures/{pk}/retirer/", {"comment": "J'ai trouvé un logement."}
        return kind, session, "POST", "/ma-situation/informations/", {
            "employer_name": "Entreprise du banc", "employer_siret": self.data["siret"],
            "matricule": f"M{self.rng.randint(1, 999)}", "employment_start": "2019-09-02", "inform_employer": "non",
        }  # fmt: skip

    def done(self, kind: str, session, status: int, location: str):
        if session is None:
            return
        if kind == "apply" and status == 302 and "#candidature-" in location:
            self.active[session] = int(location.rsplit("-", 1)[1])
        elif kind == "withdraw" and status == 302:
            self.active.pop(session, None)
        self.free.append(session)


async def _request(port: int, method: str, path: str, cookies: dict, form: dict | None):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        body = urlencode({**form, "csrfmiddlewaretoken": CSRF}).encode() if form is not None else b""
        cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", f"Cookie: {cookie}", "Connection: close"]
        if form is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        response = await reader.read()  # gunicorn's sync worker closes the connection after the answer
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    status = int(response[9:12])
    location = ""
    for line in response.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"location:"):
            location = line.split(b":", 1)[1].strip().decode()
    return status, location


async def _run_load(port: int, seconds: float, connections: int, plan: Plan | None):
    """Closed loop: `connections` clients, each sends its next request when the previous one is answered."""
    results = []  # (kind, status, ms)
    deadline = time.perf_counter() + seconds

    async def client():
        while time.perf_counter() < deadline:
            if plan is None:
                kind, session, method, path, form = "hello", None, "GET", "/", None
            else:
                kind, session, method, path, form = plan.pick()
            cookies = {"csrftoken": CSRF}
            if plan is not None:
                cookies["sessionid"] = session or plan.data["agent"]
            started = time.perf_counter()
            try:
                status, location = await _request(port, method, path, cookies, form)
            except (OSError, ValueError):
                status, location = 0, ""
            results.append((kind, status, (time.perf_counter() - started) * 1000))
            if plan is not None:
                plan.done(kind, session, status, location)

    await asyncio.gather(*(client() for _ in range(connections)))
    return results


PORTS: list[int] = []  # --ports: the ports this run may use (one machine shared by several runs), else any free one


def _free_port() -> int:
    if PORTS:
        PORTS.append(PORTS.pop(0))  # in turn: a server just stopped leaves its port a moment
        return PORTS[-1]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _gunicorn(env: dict, app: str, workers: int):
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [str(ROOT / ".venv" / "bin" / "gunicorn"), app, f"--workers={workers}", f"--bind=127.0.0.1:{port}",
         "--worker-class=sync", "--backlog=2048", "--log-level=warning", f"--pythonpath={HERE}", "--preload",
         "--timeout=120"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(300):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        yield port, process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def _server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn's master and workers."""
    import psutil

    master = psutil.Process(pid)
    total = 0.0
    for process in (master, *master.children(recursive=True)):
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


DATABASE_NAME = ""  # the benchmark's database, whose PostgreSQL backends are measured (set by main)


def _database_cpu() -> dict[int, float]:
    """{pid: CPU seconds} of the PostgreSQL backends connected to the benchmark's database (their process title
    names it; none when PostgreSQL runs elsewhere)."""
    import psutil

    found = {}
    for process in psutil.process_iter(["name", "cmdline"]):
        with contextlib.suppress(psutil.Error):
            title = " ".join(process.info["cmdline"] or ())
            if process.info["name"] == "postgres" and f" {DATABASE_NAME} " in f" {title} ":
                times = process.cpu_times()
                found[process.pid] = times.user + times.system
    return found


def _measured(pid: int, port: int, seconds: float, connections: int, plan):
    """The closed loop's results, with the CPU seconds of the server's processes, of PostgreSQL's backends for the
    benchmark's database, and of this load generator. The backends are sampled twice a second: a worker's
    connection may be closed and opened again during the run (CONN_MAX_AGE), its backend's time is kept."""
    import threading

    start = _database_cpu()
    seen = dict(start)
    stop = threading.Event()

    def sample():
        while not stop.wait(0.5):
            seen.update(_database_cpu())

    sampler = threading.Thread(target=sample, daemon=True)
    server, generator = _server_cpu(pid), time.process_time()
    sampler.start()
    results = asyncio.run(_run_load(port, seconds, connections, plan))
    generator_cpu = time.process_time() - generator
    stop.set()
    sampler.join()
    seen.update(_database_cpu())
    database_cpu = sum(cpu - start.get(backend, 0.0) for backend, cpu in seen.items())
    return results, _server_cpu(pid) - server, database_cpu, generator_cpu


def _report(name: str, measured, seconds: float, workers: int) -> tuple[float, float, int]:
    results, server_cpu, database_cpu, generator_cpu = measured
    rps = len(results) / seconds
    p95 = _percentile([ms for _k, _s, ms in results], 0.95)
    errors = sum(1 for _k, status, _ms in results if status == 0 or status >= 500)
    print(f"{name}, {workers} workers: {rps:.0f} req/s, p95 {p95:.1f} ms, {errors} errors {_load()}", file=sys.stderr)
    # Whether the server or the load generator is the limit: the generator shares the two cores.
    print(
        f"  CPU: gunicorn {server_cpu * 1000 / max(1, len(results)):.2f} ms per request "
        f"({server_cpu / seconds:.2f} cores), load generator {generator_cpu / seconds:.2f} cores "
        f"({generator_cpu * 1000 / max(1, len(results)):.2f} ms per request), PostgreSQL "
        f"{database_cpu * 1000 / max(1, len(results)):.2f} ms per request ({database_cpu / seconds:.2f} cores)",
        file=sys.stderr,
    )
    if name == "mixed":
        for kind in MIX:
            times = [ms for k, _s, ms in results if k == kind]
            statuses = sorted({s for k, s, _ms in results if k == kind})
            if times:
                print(f"  {kind}: {len(times)} requests, median {statistics.median(times):.1f} ms, p95 "
                      f"{_percentile(times, 0.95):.1f} ms, statuses {statuses}", file=sys.stderr)  # fmt: skip
    return rps, p95, errors


# --- signed-in overhead (in-process) -----------------------------------------------------------------------------


def _signed_in_overhead(requests: int, session_key: str) -> float:
    """Median CPU time of an empty page signed in through Logis's middleware, minus the bare view's."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test import override_settings

    def environ(path: str, cookie: str = "") -> dict:
        return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80",
                "wsgi.url_scheme": "http", "wsgi.input": __import__("io").BytesIO(b""), "HTTP_COOKIE": cookie,
                "QUERY_STRING": ""}  # fmt: skip

    def cpu_of(handler, path: str, cookie: str = "") -> float:
        times = []
        for index in range(requests + 20):
            started = time.process_time()
            response = handler(environ(path, cookie), lambda status, headers: None)
            b"".join(response)
            response.close()
            if index >= 20:  # warm-up
                times.append((time.process_time() - started) * 1000)
        return statistics.median(times)

    with override_settings(ROOT_URLCONF="empty_page_urls"):
        logis = WSGIHandler()
        empty = cpu_of(logis, "/vide/", f"sessionid={session_key}")
        signed_out = cpu_of(logis, "/vide/public/")
    with override_settings(ROOT_URLCONF="hello_wsgi", MIDDLEWARE=[]):
        bare = cpu_of(WSGIHandler(), "/")
    print(f"CPU per request, in-process: bare view {bare:.2f} ms, an empty public page through Logis's middleware "
          f"{signed_out:.2f} ms, an empty page signed in {empty:.2f} ms {_load()}", file=sys.stderr)  # fmt: skip
    return empty - bare


def _cpu_per_kind(plan: Plan, requests: int) -> dict[str, float]:
    """Median CPU time of each kind of request of the mix, served in-process by Logis's WSGI handler (what the
    server spends on it, PostgreSQL aside): where the mix's CPU goes."""
    import io

    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    found = {}
    for wanted in MIX:
        times = []
        for index in range(requests + 3):
            kind, session, method, path, form = plan.pick(wanted)
            body = urlencode({**form, "csrfmiddlewaretoken": CSRF}).encode() if form is not None else b""
            environ = {
                "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
                "SERVER_PORT": "80", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
                "CONTENT_LENGTH": str(len(body)), "CONTENT_TYPE": "application/x-www-form-urlencoded",
                "HTTP_COOKIE": f"csrftoken={CSRF}; sessionid={session or plan.data['agent']}",
            }  # fmt: skip
            answer = {}
            started = time.process_time()
            response = handler(
                environ, lambda status, headers, answer=answer: answer.update(status=status, headers=headers)
            )
            b"".join(response)
            response.close()
            if index >= 3:  # warm-up
                times.append((time.process_time() - started) * 1000)
            location = dict(answer["headers"]).get("Location", "")
            plan.done(kind, session, int(answer["status"][:3]), location)
        found[wanted] = statistics.median(times)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", default="2,4")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--requests-signed-in", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--ports", default=os.environ.get("BENCH_PORTS", ""), help="e.g. 8103-8109 (BENCH_PORTS)")
    args, _unknown = parser.parse_known_args()
    if args.ports:
        first, _, last = args.ports.partition("-")
        PORTS.extend(range(int(first), int(last or first) + 1))
    sys.path.insert(0, str(HERE))
    sys.path.insert(1, str(ROOT))

    from bench_mes_offres import _ensure_database, _exclusive, _manage

    url = os.environ.get("BENCH_MIXED_DATABASE_URL", DEFAULT_URL)
    global DATABASE_NAME
    DATABASE_NAME = url.rsplit("/", 1)[-1].split("?")[0]
    env = _environment(url)
    try:
        _ensure_database(url)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: say so, do not fail the other benchmarks
        print(f"mixed_load: PostgreSQL unavailable at {url} ({error}); skipped.", file=sys.stderr)
        return 0
    with _exclusive(url):
        _manage(env, "migrate", "--no-input", "-v", "0")
        os.environ.update(env)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        import django

        django.setup()
        from django.db import connections

        started = time.perf_counter()
        data = _build(args.seed)
        print(f"data set built in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        overhead = _signed_in_overhead(args.requests_signed_in, data["applicants"][0])
        # Sessions and files of their own, so that the load below starts from the same state.
        kind_data = {**data, "applicants": data["applicants"][-40:], "to_validate": data["to_validate"][-40:]}
        data.update(applicants=data["applicants"][:-40], to_validate=data["to_validate"][:-40])
        per_kind = _cpu_per_kind(Plan(kind_data, random.Random(args.seed + 1)), 15)
        weighted = sum(per_kind[kind] * weight for kind, weight in MIX.items()) / sum(MIX.values())
        print(
            "CPU per request in-process (median; PostgreSQL aside): "
            + ", ".join(f"{kind} {ms:.1f} ms" for kind, ms in per_kind.items())
            + f"; the mix's weighted mean {weighted:.1f} ms {_load()}",
            file=sys.stderr,
        )
        connections.close_all()

        best = None
        hello_best = 0.0
        for workers in (int(count) for count in args.workers.split(",")):
            with _gunicorn(env, "hello_wsgi:application", workers) as (port, pid):
                asyncio.run(_run_load(port, 2, args.connections, None))  # warm-up
                measured = _measured(pid, port, min(args.seconds, 10), args.connections, None)
                hello_best = max(hello_best, _report("hello", measured, min(args.seconds, 10), workers)[0])
            with _gunicorn(env, "config.wsgi:application", workers) as (port, pid):
                plan = Plan(data, random.Random(args.seed))
                asyncio.run(_run_load(port, 5, args.connections, plan))  # warm-up: every worker serves each page
                measured = _measured(pid, port, args.seconds, args.connections, plan)
                figures = _report("mixed", measured, args.seconds, workers)
                if best is None or figures[0] > best[0]:
                    best = figures
        with contextlib.suppress(Exception):
            import redis

            redis.Redis.from_url(env["CELERY_BROKER_URL"]).flushdb()  # the tasks queued for absent workers
    print(f"BENCH hello_rps {hello_best:.0f} req/s {_load()}")
    print(f"BENCH mixed_rps {best[0]:.0f} req/s {_load()}")
    print(f"BENCH mixed_p95_ms {best[1]:.1f} ms {_load()}")
    print(f"BENCH mixed_errors {best[2]} count {_load()}")
    print(f"BENCH signed_in_overhead_cpu_ms {overhead:.2f} ms {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
