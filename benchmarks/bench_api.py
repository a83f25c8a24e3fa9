"""The partner API: server time of listing a landlord's offers and of creating one (Django's test Client, in-process).

    .venv/bin/python benchmarks/bench_api.py [--offers 1000] [--requests 200]

Builds its own data in a fresh SQLite file (logis_bench_api.sqlite3 in the temporary directory), or with
DATABASE_URL set in that database after migrating it: one landlord with `--offers` offers and a key. Then times
`GET /api/v1/offers?limit=50` (authentication, rate limit, the log of calls, one page) and
`POST /api/v1/offers` (validation by the workspace's form, creation, the idempotency record). Prints on stdout:

    BENCH api_offers_list_p95_ms <v> ms
    BENCH api_offer_create_p95_ms <v> ms
    BENCH api_offers_list_cpu_ms <v> ms, BENCH api_offer_create_cpu_ms <v> ms (median CPU time per request)

with the median and the CPU time per request on stderr, and the machine's load. Tests never assert timings.
"""

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path(tempfile.gettempdir()) / f"logis_bench_api_{os.getpid()}.sqlite3"


def _setup() -> None:
    if not os.environ.get("DATABASE_URL"):
        SQLITE_PATH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    for name, value in {
        "SECRET_KEY": "bench-insecure-key",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "LOGIS_API_RATE_LIMIT": "1000000/60",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }.items():
        os.environ.setdefault(name, value)
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _build(offers: int):
    from decimal import Decimal

    from django.utils import timezone

    from logis.accounts.models import User
    from logis.api.services import api_key_create
    from logis.geo.models import Commune
    from logis.offers.models import Offer
    from logis.organizations.models import Membership, Organization

    commune, _ = Commune.objects.get_or_create(
        insee="69123",
        defaults={
            "name": "Lyon",
            "departement": "69",
            "region": "84",
            "postal_code": "69001",
            "lat": 45.76,
            "lng": 4.84,
        },
    )
    stamp = time.time_ns()
    landlord = Organization.objects.create(kind="landlord", name=f"Bailleur bench {stamp}")
    agent = User.objects.create_user(email=f"agent-{stamp}@bench.example", password=None, kind="professional")
    Membership.objects.create(user=agent, organization=landlord, role="agent")
    rows = [
        Offer(
            landlord=landlord,
            reference=f"BENCH-{stamp}-{n:05d}",
            title="T3 lumineux",
            status="published",
            financing="PLUS",
            kind="flat",
            typology="T3",
            surface=Decimal("64.5"),
            rooms=3,
            bedrooms=2,
            rent=Decimal("520"),
            charges=Decimal("95"),
            commune=commune,
            address="5 avenue des Tilleuls",
            lat=commune.lat,
            lng=commune.lng,
            available_on=timezone.localdate() + dt.timedelta(days=30),
            energy_class="C",
        )
        for n in range(offers)
    ]
    for offer in rows:
        offer.departement = commune.departement
        offer.fill_zones()
    Offer.objects.bulk_create(rows, batch_size=500)
    key = api_key_create(organization=landlord, name="bench", scopes=["offers:read", "offers:write"], by=agent)
    return commune, key.secret


def _p95(values):
    return statistics.quantiles(values, n=20)[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    _setup()
    from django.test import Client
    from django.utils import timezone

    commune, secret = _build(args.offers)
    client = Client()
    headers = {"Authorization": f"Bearer {secret}"}
    for _ in range(10):  # warm-up
        client.get("/api/v1/offers", {"limit": 50}, headers=headers)
    walls, cpus = [], []
    for _ in range(args.requests):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get("/api/v1/offers", {"limit": 50}, headers=headers)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200, response.content
    body = {
        "title": "T3 avec balcon",
        "financing": "PLUS",
        "kind": "flat",
        "typology": "T3",
        "rooms": 3,
        "bedrooms": 2,
        "surface": "64.5",
        "rent": 520,
        "charges": 95,
        "address": "5 avenue des Tilleuls",
        "commune": commune.insee,
        "available_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
        "energy_class": "C",
    }
    creates, create_cpus = [], []
    for n in range(args.requests):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.post(
            "/api/v1/offers",
            json.dumps(body),
            content_type="application/json",
            headers={**headers, "Idempotency-Key": f"bench-{n}"},
        )
        creates.append((time.perf_counter() - wall) * 1000)
        create_cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 201, response.content
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"api list: median {statistics.median(walls):.1f} ms, CPU {statistics.median(cpus):.1f} ms", file=sys.stderr)
    print(
        f"api create: median {statistics.median(creates):.1f} ms, CPU {statistics.median(create_cpus):.1f} ms",
        file=sys.stderr,
    )
    print(f"BENCH api_offers_list_p95_ms {_p95(walls):.1f} ms (load {load})")
    print(f"BENCH api_offer_create_p95_ms {_p95(creates):.1f} ms (load {load})")
    # CPU time of the process per request: what the machine's load inflates least.
    print(f"BENCH api_offers_list_cpu_ms {statistics.median(cpus):.1f} ms (median, load {load})")
    print(f"BENCH api_offer_create_cpu_ms {statistics.median(create_cpus):.1f} ms (median, load {load})")
    SQLITE_PATH.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
