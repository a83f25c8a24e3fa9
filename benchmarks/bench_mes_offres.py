""" "Mes offres" for one applicant over 200,000 live offers and 3,000,000 demands in PostgreSQL: server time.

    .venv/bin/python benchmarks/bench_mes_offres.py [--requests 200] [--offers 200000] [--demands 3000000]
                                                     [--seed 2026] [--rebuild] [--explain]

Uses a dedicated PostgreSQL database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/logis_bench):
creates it when missing, migrates it, builds the data set with `benchmarks/mes_offres_dataset.py` (COPY, fixed
seed; reused when complete), then signs in sample applicants (demands drawn with the seed) and times GET /offres/
through Django's test Client: middleware, session, the eligibility predicate and the search in SQL (count and
page), the template. Prints on stdout:

    BENCH mes_offres_dataset_build_s <v> s   (time to build the data set; when reused, the time it took then)
    BENCH mes_offres_median <v> ms
    BENCH mes_offres_p95 <v> ms
    BENCH mes_offres_cpu_ms <v> ms           (median CPU time of the Django process per request)

Goals (issue #13): median ≤ 10 ms, p95 ≤ 30 ms, CPU ≤ 8 ms. Each line gives the machine's load. Details (offers
found per request, query plan with --explain) go to stderr.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/logis_bench"


def _environment(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        SECRET_KEY=env.get("SECRET_KEY", "bench-insecure-key"),
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        LOG_LEVEL="ERROR",
        CONN_MAX_AGE="600",  # persistent connections, as a production server keeps them
        PYTHONWARNINGS="ignore",
    )
    return env


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Database {name} created.", file=sys.stderr)


@contextlib.contextmanager
def _exclusive(url: str):
    """One run at a time per data set: a PostgreSQL advisory lock held from the build to the last request.

    A second `make bench` started meanwhile (another clone, another session) waits for the first, then finds a
    complete data set and reuses it, instead of reading a half-built one."""
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    key = f"logis-bench:{parsed.path.lstrip('/')}"
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key]).fetchone()[0]:
            print(f"mes_offres: another run is using {key}; waiting for it to finish…", file=sys.stderr, flush=True)
            connection.execute("SELECT pg_advisory_lock(hashtext(%s))", [key])
        try:
            yield
        finally:
            connection.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def _measure(requests: int, seed: int, explain: bool) -> None:
    import random

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.test import Client

    from logis.demands.models import Demand
    from logis.offers.selectors import OfferSearch

    rng = random.Random(seed)
    highest = Demand.objects.order_by("-id").values_list("id", flat=True).first()
    if highest is None:
        raise SystemExit("mes_offres: the data set holds no demand; run again with --rebuild.")
    sample_ids = sorted({rng.randint(1, highest) for _ in range(requests * 2)})[: requests * 2]
    rng.shuffle(sample_ids)
    demands = list(Demand.objects.filter(id__in=sample_ids[:requests]).select_related("owner", "workplace_commune"))
    client = Client()
    times, found = [], []
    for warm_up in demands[:10]:
        client.force_login(warm_up.owner)
        client.get("/offres/")
    cpu = []
    for demand in demands:
        client.force_login(demand.owner)
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get("/offres/")
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET /offres/ answered {response.status_code}")
    found = [OfferSearch(demand).count() for demand in demands]
    print(
        f"{len(times)} requests, offers found per applicant (counted up to 1,001): median "
        f"{statistics.median(found):.0f}, max {max(found)}, none for {sum(1 for count in found if count == 0)}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (timings are wall-clock); CPU time of the "
        f"Django process alone: median {statistics.median(cpu):.1f} ms, p95 {_percentile(cpu, 0.95):.1f} ms",
        file=sys.stderr,
    )
    if explain:
        busiest = demands[found.index(max(found))]
        queryset = OfferSearch(busiest).results()[:20]
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()), file=sys.stderr)
    load = f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    print(f"BENCH mes_offres_median {statistics.median(times):.1f} ms {load}")
    print(f"BENCH mes_offres_p95 {_percentile(times, 0.95):.1f} ms {load}")
    print(f"BENCH mes_offres_cpu_ms {statistics.median(cpu):.1f} ms {load}")


def run_on_dataset(name: str, measure, *, explain_option: bool = False) -> int:
    """The `main` of every benchmark on this data set: its options, the database (skipped, not failed, without
    PostgreSQL), the lock held from the build to the last request, then measure(args)."""
    parser = argparse.ArgumentParser(description=sys.modules["__main__"].__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--offers", type=int, default=200_000)
    parser.add_argument("--demands", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true")
    if explain_option:
        parser.add_argument("--explain", action="store_true")
    args, _unknown = parser.parse_known_args()  # make bench passes the same arguments to every script

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = _environment(url)
    try:
        _ensure_database(url)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: say so, do not fail the other benchmarks
        print(f"{name}: PostgreSQL unavailable at {url} ({error}); skipped.", file=sys.stderr)
        return 0
    with _exclusive(url):
        build_dataset(env, args)
        measure(args)
    return 0


def main() -> int:
    return run_on_dataset(
        "mes_offres", lambda args: _measure(args.requests, args.seed, args.explain), explain_option=True
    )


def build_dataset(env: dict[str, str], args) -> None:
    """Migrate the benchmark's database and build (or reuse) its data set; then this process reads it (env)."""
    _manage(env, "migrate", "--no-input", "-v", "0")
    build = [f"--offers={args.offers}", f"--demands={args.demands}", f"--seed={args.seed}"]
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "mes_offres_dataset.py"),
            *build,
            *(["--force"] if args.rebuild else []),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    os.environ.update(env)


if __name__ == "__main__":
    sys.exit(main())
