"""The landlord's ranking page (/bailleur/offres/<pk>/candidats/) over 100, 1,000 and 5,000 applicants: server time.

    .venv/bin/python benchmarks/bench_landlord_ranking.py [--applicants 100,1000,5000] [--requests 40] [--seed 2026]

Builds its own data: by default in a fresh SQLite file (logis_bench_landlord.sqlite3 in the temporary directory);
with DATABASE_URL set (PostgreSQL, for instance), in that database, after migrating it (a new landlord, offer
and applicants each run).
Then times GET of the page through Django's test Client, signed in as the landlord's agent: middleware, session,
the check that the stored current scores are valid (logis.scoring.services.ranking_ensure_current), one page of
them with their stored verdicts, the pieces of the 25 rows of the page, the rows rendered. The first request after the
bulk load computes and stores every score (what the tasks do as applications come): its time goes to stderr.
Prints on stdout, with the machine's load (1-minute average) and the CPU time of the process:

    BENCH landlord_ranking_page_median <v> ms          (1,000 applicants)
    BENCH landlord_ranking_page_p95 <v> ms             (1,000 applicants; goal ≤ 30 ms)
    BENCH landlord_ranking_<n>_page_p95 <v> ms         (every other count, 5,000: goal ≤ 40 ms)
    BENCH landlord_ranking_<n>_page_cpu_ms <v> ms      (median CPU time of the request, every count)

Build times and the number of queries of one request go to stderr. Tests never assert timings.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One file per run: two runs at once (two clones, two sessions) never share it.
SQLITE_PATH = Path(tempfile.gettempdir()) / f"logis_bench_landlord_{os.getpid()}.sqlite3"


def _ensure_postgresql_database(url: str) -> None:
    """Create the PostgreSQL database of DATABASE_URL when it does not exist yet."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            print(f"Database {name} created.", file=sys.stderr)


def _setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    elif os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
        _ensure_postgresql_database(os.environ["DATABASE_URL"])
    os.environ.setdefault("SECRET_KEY", "bench-insecure-key")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # static files are not collected for a benchmark

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _build(applicants: int, seed: int):
    from decimal import Decimal

    from allauth.mfa.totp.internal.auth import TOTP
    from django.utils import timezone

    from logis.accounts.models import User
    from logis.applications.models import Application
    from logis.demands.models import Demand
    from logis.geo.models import Commune
    from logis.offers.models import Offer
    from logis.organizations.models import Membership, Organization

    rng = random.Random(seed)
    # One tag per build (several in one run, runs after runs in one database): 6 digits, the numéro unique's room.
    run = ""
    while not run or User.objects.filter(email=f"agent-{run}@bench.invalid").exists():
        run = f"{random.SystemRandom().randrange(10**6):06d}"
    now = timezone.now()
    lyon, _ = Commune.objects.get_or_create(
        insee="69123",
        defaults={
            "name": "Lyon",
            "departement": "69",
            "region": "84",
            "postal_code": "69001",
            "lat": 45.758,
            "lng": 4.835,
            "population": 520000,
        },
    )
    landlord = Organization.objects.create(kind="landlord", name=f"Habitat banc d'essai {run}")
    agent = User.objects.create_user(email=f"agent-{run}@bench.invalid", password=None, kind="professional")
    Membership.objects.create(user=agent, organization=landlord, role="agent")
    TOTP.activate(agent, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")  # professionals sign in with a second factor
    offer = Offer.objects.create(
        landlord=landlord,
        reference=f"BENCH-{run}",
        title="T3 du banc d'essai",
        status="published",
        financing="PLUS",
        kind="flat",
        typology="T3",
        surface=Decimal("65"),
        rooms=3,
        bedrooms=2,
        rent=Decimal("520"),
        charges=Decimal("90"),
        commune=lyon,
        address="1 rue du Banc",
        lat=lyon.lat,
        lng=lyon.lng,
        available_on=timezone.localdate() + dt.timedelta(days=30),
        energy_class="C",
        published_at=now,
    )
    users = User.objects.bulk_create(
        User(
            email=f"demandeur-{run}-{i}@bench.invalid",
            first_name=rng.choice(["Camille", "Nadia", "Paul", "Zoé", "Hugo", "Inès"]),
            last_name=rng.choice(["Martin", "Roussel", "Faure", "Morel", "Lemoine"]),
            kind="applicant",
            password="!",  # noqa: S106 - Django's marker of an unusable password
        )
        for i in range(applicants)
    )
    demands = Demand.objects.bulk_create(
        Demand(
            owner=user,
            numero_unique=f"0690126{run}{i:05d}"[:18],
            imported_at=now,
            refreshed_at=now,
            expires_on=timezone.localdate() + dt.timedelta(days=300),
            household_size=rng.randint(1, 5),
            reference_income=rng.randint(12_000, 40_000),
            monthly_resources=rng.randint(1_200, 3_500),
            workplace_commune=lyon,
            wished_communes=["69123"],
            wished_typologies=["T2", "T3", "T4"],
            max_rent=rng.randint(500, 900),
            employer_name="Entreprise du banc",
            information_completed_at=now,
        )
        for i, user in enumerate(users)
    )
    Application.objects.bulk_create(
        Application(
            demand=demand,
            offer=offer,
            state=rng.choice(["submitted", "submitted", "validated"]),
            created_at=now - dt.timedelta(minutes=i),
            updated_at=now,
        )
        for i, demand in enumerate(demands)
    )
    _analyze()
    return agent, offer


def _analyze() -> None:
    """PostgreSQL: fresh statistics after the bulk load, as autovacuum gives them soon after in production (without
    them the planner expects a handful of rows and joins every applicant before sorting instead of walking the
    ranking's index)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE applications_application, demands_demand, accounts_user, scoring_rankingscore")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _measure(applicants: int, requests: int, seed: int) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    started = time.perf_counter()
    agent, offer = _build(applicants, seed)
    print(f"data built in {time.perf_counter() - started:.1f} s ({applicants} applicants)", file=sys.stderr)
    client = Client()
    client.force_login(agent)
    url = reverse("landlords:offer_applicants", args=[offer.pk])
    started = time.perf_counter()
    response = client.get(url)  # computes and stores every score (the tasks' work), warms the imports
    print(
        f"first request (stores {applicants} scores): {(time.perf_counter() - started) * 1000:.0f} ms", file=sys.stderr
    )
    _analyze()  # the stored scores too
    assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"{len(queries)} queries per request", file=sys.stderr)
    timings, cpu = [], []
    for _ in range(requests):
        start, cpu_start = time.perf_counter(), time.process_time()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200
    name = "landlord_ranking" if applicants == 1000 else f"landlord_ranking_{applicants}"
    load = f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, {connection.vendor})"
    if applicants == 1000:
        print(f"BENCH {name}_page_median {statistics.median(timings):.1f} ms {load}")
    print(f"BENCH {name}_page_p95 {_percentile(timings, 0.95):.1f} ms {load}")
    print(f"BENCH {name}_page_cpu_ms {statistics.median(cpu):.1f} ms {load}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--applicants", default="100,1000,5000", help="counts of applicants, comma-separated")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args, _unknown = parser.parse_known_args()

    _setup()
    for applicants in (int(count) for count in args.applicants.split(",")):
        _measure(applicants, args.requests, args.seed)
    SQLITE_PATH.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
