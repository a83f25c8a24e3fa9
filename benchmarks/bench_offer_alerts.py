"""The daily job of the saved searches' alerts over 3,000,000 demands, 100,000 saved searches, 2,000 new offers.

    .venv/bin/python benchmarks/bench_offer_alerts.py [--searches 100000] [--new-offers 2000] [--seed 2026] [--explain]

Reuses the shared data set of "Mes offres" (benchmarks/mes_offres_dataset.py: 200,000 live offers, 3,000,000
demands in BENCH_DATABASE_URL, default logis_bench), under the same advisory lock as bench_mes_offres.py. It adds
bench-owned rows — saved searches named « BENCH-ALERTES … » for demands drawn with the seed (mostly the offers fitting
the demand, some with a maximum rent, a commune, rooms or a kind; daily or immediate alerts, most on eligible offers
only) and new live offers copied from drawn ones (reference « BENCHALERT-… », published after the searches) — runs
`logis.searches.services.alerts_send` over the new offers, as the daily job does (matching by batches of searches in
SQL, the sent pairs recorded, one e-mail per search through the outbox and the notification centre), and deletes
every row it added, whatever happens.

Prints `BENCH offer_alerts_s <v> s` (wall-clock of the whole job; goal ≤ 60 s) with the load average and the CPU
time of the Django process; the split between matching and writing, the pairs and e-mails go to stderr.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_mes_offres import (  # noqa: E402
    DEFAULT_URL,
    _ensure_database,
    _environment,
    _exclusive,
    build_dataset,
)

NAME_PREFIX = "BENCH-ALERTES"
REFERENCE_PREFIX = "BENCHALERT-"


def _clean():
    from django.db import connection

    from logis.notifications.models import Notification, OutboxMessage
    from logis.offers.models import Offer
    from logis.searches.models import Favourite, SavedSearch, SearchAlertSent

    searches = SavedSearch.objects.filter(name__startswith=NAME_PREFIX)
    offers = Offer.objects.filter(reference__startswith=REFERENCE_PREFIX)
    SearchAlertSent.objects.filter(search__in=searches).delete()
    Favourite.objects.filter(offer__in=offers).delete()
    OutboxMessage.objects.filter(template="search_alert").delete()
    Notification.objects.filter(kind="search_alert").delete()
    with connection.cursor() as cursor:  # no cascade collection in Python for 100,000 rows
        cursor.execute(
            f"DELETE FROM {SavedSearch._meta.db_table} WHERE name LIKE %s",  # noqa: S608
            [NAME_PREFIX + "%"],
        )
    offers.delete()


def _criteria(rng: random.Random, communes: list[str]) -> dict:
    criteria = {"perimetre": "adaptees" if rng.random() < 0.85 else "toutes"}
    if rng.random() < 0.35:
        criteria["loyer_max"] = str(rng.choice([500, 600, 700, 800, 900, 1100]))
    if rng.random() < 0.15 or criteria["perimetre"] == "toutes":
        criteria["commune"] = rng.choice(communes)
    if rng.random() < 0.2:
        criteria["pieces"] = str(rng.randint(1, 4))
    if rng.random() < 0.1:
        criteria["type_logement"] = rng.choice(["flat", "house"])
    if rng.random() < 0.1:
        criteria["distance"] = str(rng.choice([10, 20, 30]))
    return criteria


def _add_rows(searches: int, new_offers: int, seed: int, now: dt.datetime) -> list[int]:
    from django.db import connection, transaction

    from logis.demands.models import Demand
    from logis.offers.models import Offer
    from logis.searches.models import SavedSearch

    rng = random.Random(seed)
    highest = Demand.objects.order_by("-id").values_list("id", flat=True).first()
    owner_ids = list(
        Demand.objects.filter(id__in=rng.sample(range(1, highest + 1), searches * 11 // 10)).values_list(
            "owner_id", flat=True
        )[:searches]
    )
    communes = list(Offer.objects.live().order_by().values_list("commune__name", flat=True).distinct()[:400])
    created = now - dt.timedelta(days=1)
    with transaction.atomic():
        rows = [
            SavedSearch(
                owner_id=owner_id,
                name=f"{NAME_PREFIX} {index}",
                criteria=_criteria(rng, communes),
                eligible_only=rng.random() < 0.85,
                frequency=SavedSearch.Frequency.DAILY if rng.random() < 0.8 else SavedSearch.Frequency.IMMEDIATE,
            )
            for index, owner_id in enumerate(owner_ids)
        ]
        SavedSearch.objects.bulk_create(rows, batch_size=5000)
        SavedSearch.objects.filter(name__startswith=NAME_PREFIX).update(created_at=created)
        # New offers: copies of drawn live offers, published within the last hours.
        columns = [
            f.column for f in Offer._meta.concrete_fields if f.column not in ("id", "reference", "published_at")
        ]
        live_max = Offer.objects.live().order_by("-id").values_list("id", flat=True).first()
        sources = rng.sample(range(1, live_max + 1), new_offers * 2)
        listed = ", ".join(f'"{c}"' for c in columns)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {Offer._meta.db_table} ({listed}, reference, published_at) "  # noqa: S608
                f"SELECT {listed}, %s || id, %s - (random() * interval '20 hours') FROM {Offer._meta.db_table} "
                "WHERE id = ANY(%s) AND status = 'published' AND accession = '' LIMIT %s RETURNING id",
                [REFERENCE_PREFIX, now, sources, new_offers],
            )
            return [row[0] for row in cursor.fetchall()]


def _explain(offer_ids, frequencies, now) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the first batch's statement (matched and recorded), rolled back, to stderr."""
    from django.db import connection, transaction
    from django.utils import timezone

    from logis.searches import matching, services

    searches = services.alert_candidates(frequencies)
    _batch, rows = next(iter(matching.batches(searches, offer_ids, today=timezone.localdate(now))))
    sql, params = matching.matching_sql(rows, offer_ids, record_at=now)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(line for (line,) in cursor.fetchall())
        transaction.set_rollback(True)
    print(f"offer_alerts: the plan of the first batch ({len(rows)} searches):\n{plan}", file=sys.stderr)


def _measure(args) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from logis.searches import matching, services
    from logis.searches.models import SavedSearch, SearchAlertSent

    now = timezone.now()
    _clean()
    try:
        started = time.perf_counter()
        offer_ids = _add_rows(args.searches, args.new_offers, args.seed, now)
        connection.cursor().execute("ANALYZE searches_savedsearch")
        print(
            f"offer_alerts: {args.searches} saved searches and {len(offer_ids)} new offers added in "
            f"{time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
        # The job as the daily run does it, over the new offers: matched and recorded by one statement per batch
        # of searches, e-mailed in the same transaction. The rows of the parameters are computed in Python first:
        # their CPU time is measured apart on the same searches.
        frequencies = [SavedSearch.Frequency.DAILY, SavedSearch.Frequency.IMMEDIATE]
        if args.explain:
            _explain(offer_ids, frequencies, now)
        load_before = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        sent = services.alerts_send(offer_ids=offer_ids, frequencies=frequencies, now=now)
        total_wall, total_cpu = time.perf_counter() - wall, time.process_time() - cpu
        pairs = SearchAlertSent.objects.filter(search__name__startswith=NAME_PREFIX).count()
        searches = services.alert_candidates(frequencies)
        rows_cpu = time.process_time()
        for _batch, _rows in matching.batches(searches, offer_ids, today=timezone.localdate(now)):
            pass
        rows_cpu = time.process_time() - rows_cpu
        print(
            f"offer_alerts: {len(searches)} searches with alerts, {pairs} (search, offer) pairs recorded, {sent} "
            f"e-mails; {total_wall:.1f} s wall, CPU of the Django process {total_cpu:.1f} s (of which about "
            f"{rows_cpu:.1f} s turning the searches into rows of parameters); load average {load_before:.1f} "
            f"before, {os.getloadavg()[0]:.1f} after, on {os.cpu_count()} CPUs",
            file=sys.stderr,
        )
        again = services.alerts_send(offer_ids=offer_ids, frequencies=frequencies, now=now)
        print(f"offer_alerts: the job run again sends {again} e-mail(s) (each pair once)", file=sys.stderr)
        load = f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; CPU of the Django process {total_cpu:.1f} s)"
        print(f"BENCH offer_alerts_s {total_wall:.1f} s {load}")
    finally:
        _clean()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=100_000)
    parser.add_argument("--new-offers", type=int, default=2_000)
    parser.add_argument("--offers", type=int, default=200_000)
    parser.add_argument("--demands", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true", help="print the plan of the first batch's statement")
    args, _unknown = parser.parse_known_args()  # make bench passes the same arguments to every script

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    env = _environment(url)
    # The outbox hands messages to an in-memory broker: nothing leaves the process, nothing is sent.
    env.update(CELERY_BROKER_URL="memory://", CELERY_TASK_ALWAYS_EAGER="false", SITE_URL="https://logis.example")
    try:
        _ensure_database(url)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: say so, do not fail the other benchmarks
        print(f"offer_alerts: PostgreSQL unavailable at {url} ({error}); skipped.", file=sys.stderr)
        return 0
    with _exclusive(url):
        build_dataset(env, args)
        _measure(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
