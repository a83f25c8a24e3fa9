"""The forum on PostgreSQL with 100,000 posts: a thread of 200 replies (page 1) and the full-text search.

    .venv/bin/python benchmarks/bench_forum.py [--posts 100000] [--requests 100] [--rebuild] [--explain]

Uses its own PostgreSQL database (BENCH_FORUM_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
logis_bench_forum), migrated, and builds the data set once (about a minute): 4,000 threads over the five
categories, 100,000 published posts written from a French housing vocabulary (the trigger of migration 0002 computes
their vectors), one thread of 200 replies. The vocabulary is skewed on purpose (« loyer » is in almost every
post: the worst case of a word found everywhere). Then times, through Django's test Client, anonymous GETs of:
- the page 1 of the 200-reply thread (20 posts, pagination count, template);
- /forum/recherche/?q=… with one- and two-word queries, frequent and rare words (French full-text, ranked, paged).
Prints on stdout:

    BENCH forum_dataset_build_s <v> s
    BENCH forum_thread_p95_ms <v> ms
    BENCH forum_search_p95_ms <v> ms
    BENCH forum_baseline_page_p95_ms <v> ms     (the charter page: same stack, no post read)
    BENCH forum_thread_p95_to_baseline <v> ratio
    BENCH forum_search_p95_to_baseline <v> ratio
    BENCH forum_thread_cpu_p95_ms / forum_search_cpu_p95_ms <v> ms   (CPU of the Django process, without PostgreSQL)
    BENCH forum_load_average <v> load

and on stderr the medians, the CPU time of the Django process (less inflated by the machine's load than wall-clock)
and the load average. Tests never assert timings.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/logis_bench_forum"
WORDS = [
    "loyer",
    "logement",
    "bailleur",
    "demande",
    "commission",
    "offre",
    "candidature",
    "dossier",
    "garant",
    "visale",
    "caution",
    "appartement",
    "studio",
    "déménagement",
    "quartier",
    "école",
    "transport",
    "travail",
    "employeur",
    "accord",
    "aide",
    "prêt",
    "allocation",
    "caf",
    "apl",
    "dépôt",
    "garantie",
    "charges",
    "chauffage",
    "état",
    "lieux",
    "assurance",
    "contrat",
    "bail",
    "préavis",
    "mutation",
    "enfants",
    "famille",
    "séparation",
    "revenus",
    "plafond",
    "cotation",
    "délai",
    "réponse",
    "attente",
    "mois",
    "semaine",
    "année",
    "rendez-vous",
    "conseiller",
    "équipe",
    "refus",
    "accepté",
    "visite",
    "clés",
    "travaux",
    "humidité",
    "voisin",
    "ascenseur",
    "parking",
    "balcon",
    "cuisine",
    "chambre",
    "surface",
    "étage",
    "renouvellement",
    "numéro",
    "attestation",
    "avis",
    "imposition",
    "justificatif",
    "salaire",
    "bulletin",
    "contrat",
    "intérim",
    "cdi",
    "cdd",
    "mobilité",
    "jeune",
    "alternance",
    "stage",
    "formation",
    "retraite",
    "handicap",
    "accessibilité",
    "urgence",
    "difficulté",
    "impayé",
    "dette",
    "échéancier",
    "huissier",
    "expulsion",
    "médiation",
    "accompagnement",
    "social",
    "budget",
    "épargne",
    "banque",
    "virement",
    "prélèvement",
]
FILLER = [
    "je",
    "nous",
    "vous",
    "il",
    "elle",
    "de",
    "la",
    "le",
    "les",
    "un",
    "une",
    "des",
    "pour",
    "avec",
    "sans",
    "dans",
    "sur",
    "après",
    "avant",
    "mais",
    "donc",
    "car",
    "très",
]
QUERIES = [
    "loyer",
    "garant visale",
    "dépôt garantie",
    "commission délai",
    "humidité",
    "expulsion huissier",
    "mutation employeur",
    "ascenseur",
    "renouvellement attestation",
    "cuisine balcon",
]


def _environment(url: str) -> None:
    os.environ.update(
        DATABASE_URL=url,
        SECRET_KEY="bench-insecure-key",  # noqa: S106 - a benchmark database
        DEBUG="false",
        ALLOWED_HOSTS="testserver",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        DJANGO_SETTINGS_MODULE="config.settings",
        ACCESS_LOG="false",
        LOG_LEVEL="WARNING",
    )


def _ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def _sentence(rng: random.Random) -> str:
    words = []
    for _ in range(rng.randint(6, 14)):
        pool = WORDS if rng.random() < 0.55 else FILLER
        # Zipf-like: the first words of the vocabulary are the most frequent.
        words.append(pool[min(len(pool) - 1, int(rng.paretovariate(1.1)) - 1)] if pool is WORDS else rng.choice(pool))
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))


def _build(posts: int, seed: int) -> float:
    from django.db import connection, transaction
    from django.utils import timezone

    from logis.accounts.models import User
    from logis.forum.categories import categories_ensure
    from logis.forum.models import Category, Post, Thread

    started = time.perf_counter()
    rng = random.Random(seed)
    categories_ensure(Category)
    categories = list(Category.objects.all())
    with transaction.atomic():
        User.objects.bulk_create(
            [User(email=f"membre{n}@bench.example", first_name="Membre", last_name=f"N{n}") for n in range(500)],
            ignore_conflicts=True,
        )
        users = list(User.objects.filter(email__endswith="@bench.example").values_list("pk", flat=True))
        now = timezone.now()
        threads = Thread.objects.bulk_create(
            [
                Thread(
                    category=categories[n % len(categories)],
                    title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))).capitalize(),
                    author_id=rng.choice(users),
                    created_at=now,
                    last_post_at=now,
                    is_visible=True,
                )
                for n in range(4000)
            ],
            batch_size=2000,
        )
        big = threads[0]
        big.title = "Un sujet très suivi : deux cents réponses"
        big.save(update_fields=["title"])
        rows = []
        for n in range(posts):
            thread = big if n <= 200 else threads[1 + n % (len(threads) - 1)]
            at = now - timezone.timedelta(minutes=posts - n)
            rows.append(
                Post(
                    thread=thread,
                    author_id=rng.choice(users),
                    body=_body(rng),
                    status=Post.Status.PUBLISHED,
                    created_at=at,
                    published_at=at,
                )
            )
            if len(rows) == 5000:
                Post.objects.bulk_create(rows)
                rows = []
        Post.objects.bulk_create(rows)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE forum_thread t SET post_count = c.n, last_post_at = c.last FROM "
                "(SELECT thread_id, count(*) n, max(created_at) last FROM forum_post GROUP BY thread_id) c "
                "WHERE c.thread_id = t.id"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_post; ANALYZE forum_thread")
    return time.perf_counter() - started


def _time(client, url: str, times: list, cpu: list) -> None:
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(url)
    times.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - cpu_started) * 1000)
    if response.status_code != 200:
        raise SystemExit(f"GET {url} answered {response.status_code}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true")
    args, _unknown = parser.parse_known_args()  # make bench passes the same arguments to every script

    url = os.environ.get("BENCH_FORUM_DATABASE_URL", DEFAULT_URL)
    try:
        _ensure_database(url)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL: say so, do not fail the other benchmarks
        print(f"forum: PostgreSQL unavailable at {url} ({error}); skipped.", file=sys.stderr)
        return 0
    _environment(url)
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from logis.forum import selectors
    from logis.forum.models import Post, Thread

    call_command("migrate", verbosity=0, interactive=False)
    if args.rebuild:
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE forum_report, forum_moderationdecision, forum_sanction, forum_post, forum_thread")
    built = None
    if Post.objects.count() < args.posts:
        built = _build(args.posts, args.seed)
        print(f"forum: data set built in {built:.1f} s", file=sys.stderr)
    big = Thread.objects.get(title="Un sujet très suivi : deux cents réponses")
    client = Client()
    thread_url = big.get_absolute_url()
    for _ in range(5):
        client.get(thread_url)
    thread_times, thread_cpu = [], []
    for _ in range(args.requests):
        _time(client, thread_url, thread_times, thread_cpu)
    # Baseline of the same run: a page of the same stack (middleware, session, base template) that reads no post.
    baseline_times, baseline_cpu = [], []
    for _ in range(args.requests):
        _time(client, "/forum/charte/", baseline_times, baseline_cpu)
    rng = random.Random(args.seed)
    search_times, search_cpu = [], []
    for query in QUERIES:
        client.get("/forum/recherche/", {"q": query})
    for _ in range(args.requests):
        query = rng.choice(QUERIES)
        _time(client, f"/forum/recherche/?q={query.replace(' ', '+')}", search_times, search_cpu)
    matches = {query: selectors.search(query)[0].count() for query in QUERIES}  # the real counts, not capped
    print(
        f"forum: {Post.objects.count()} posts, thread of {big.posts.count()} posts; search matches per query: "
        f"{matches}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock timings); "
        f"thread median {statistics.median(thread_times):.1f} ms, CPU of the Django process median "
        f"{statistics.median(thread_cpu):.1f} ms p95 {_percentile(thread_cpu, 0.95):.1f} ms; search median "
        f"{statistics.median(search_times):.1f} ms, CPU median {statistics.median(search_cpu):.1f} ms p95 "
        f"{_percentile(search_cpu, 0.95):.1f} ms",
        file=sys.stderr,
    )
    if args.explain:
        posts, _threads, _count = selectors.search("garant visale")
        sql, params = posts[:20].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print("\n".join(row[0] for row in cursor.fetchall()), file=sys.stderr)
    if built is not None:
        print(f"BENCH forum_dataset_build_s {built:.1f} s")
    baseline = _percentile(baseline_times, 0.95)
    print(f"BENCH forum_thread_p95_ms {_percentile(thread_times, 0.95):.1f} ms")
    print(f"BENCH forum_search_p95_ms {_percentile(search_times, 0.95):.1f} ms")
    print(f"BENCH forum_baseline_page_p95_ms {baseline:.1f} ms")
    print(f"BENCH forum_thread_p95_to_baseline {_percentile(thread_times, 0.95) / baseline:.2f} ratio")
    print(f"BENCH forum_search_p95_to_baseline {_percentile(search_times, 0.95) / baseline:.2f} ratio")
    print(f"BENCH forum_thread_cpu_p95_ms {_percentile(thread_cpu, 0.95):.1f} ms")
    print(f"BENCH forum_search_cpu_p95_ms {_percentile(search_cpu, 0.95):.1f} ms")
    print(f"BENCH forum_load_average {os.getloadavg()[0]:.1f} load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
