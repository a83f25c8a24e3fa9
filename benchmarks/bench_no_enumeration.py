"""Does an answer take longer when the account or the demand exists? (issue #12, no enumeration by timing)

    .venv/bin/python benchmarks/bench_no_enumeration.py [--requests 30]

For each pair of requests that must not tell whether something exists, times both through Django's test Client in
a fresh migrated SQLite file, with the production password hasher (PBKDF2), the two kinds interleaved so that the
machine's load weighs on both alike; each request has its own account, address or numéro, so that no limit
intervenes. Prints on stdout, per pair, the ratio of the medians of the CPU time of the request (existing / unknown;
1.00 means alike):
    BENCH enumeration_import_ratio <r> ×        numéro importable / numéro unknown ("Ma situation")
    BENCH enumeration_login_ratio <r> ×         wrong password of an account / of an unknown address
    BENCH enumeration_reset_ratio <r> ×         password reset of an account / of an unknown address
    BENCH enumeration_signup_ratio <r> ×        sign-up with the address of an account / with a new one
stderr gives the medians (CPU and wall) and the load average. tests/security/test_same_work.py asserts the same
work on both paths (hashes, outbox rows, hand-overs to the task queue); this measures what that leaves.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQLITE_PATH = Path(tempfile.gettempdir()) / f"logis_bench_no_enumeration_{os.getpid()}.sqlite3"


def _setup() -> None:
    SQLITE_PATH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("SECRET_KEY", "bench-insecure-key")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
    # As in production, the request hands the message to the broker (here in memory) and a worker sends it later.
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "false")
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    os.environ.setdefault("ACCESS_LOG", "false")
    os.environ.setdefault("DISABLE_RATE_LIMITS", "true")
    os.environ.setdefault("LOGIS_IMPORT_NUMEROS_PER_IP_PER_HOUR", "1000000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _timed(request) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    response = request()
    assert response.status_code < 400, response.status_code
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def _pair(name: str, existing, unknown, count: int) -> dict:
    """existing(i) and unknown(i) make the i-th request of each kind; interleaved, after two warm-ups each."""
    for i in range(2):
        existing(count + i)
        unknown(count + i)
    times = {"existing": ([], []), "unknown": ([], [])}
    for i in range(count):
        for kind, request in (("existing", existing), ("unknown", unknown)):
            wall, cpu = _timed(lambda request=request, i=i: request(i))
            times[kind][0].append(wall)
            times[kind][1].append(cpu)
    result = {kind: (statistics.median(walls), statistics.median(cpus)) for kind, (walls, cpus) in times.items()}
    print(
        f"# {name}: existing CPU median {result['existing'][1]:.1f} ms (wall {result['existing'][0]:.1f} ms); "
        f"unknown CPU median {result['unknown'][1]:.1f} ms (wall {result['unknown'][0]:.1f} ms)",
        file=sys.stderr,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    _setup()
    print(f"# migrated a fresh SQLite database in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    from django.contrib.auth.hashers import make_password
    from django.test import Client

    from logis.accounts.models import User
    from logis.registry.numbering import format_for_display
    from tests.factories import RegisteredDemandFactory

    count = args.requests
    total = count + 2
    password_hash = make_password("le-bon-mot-de-passe-2026")
    users = User.objects.bulk_create(
        [User(email=f"existe.{i}@exemple.fr", password=password_hash, first_name="Camille") for i in range(total)]
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users]
    )
    importers = User.objects.bulk_create(
        [User(email=f"importe.{i}@exemple.fr", password=password_hash) for i in range(2 * total)]
    )
    registered = [format_for_display(RegisteredDemandFactory().numero_unique) for _ in range(total)]
    unknown_numeros = [format_for_display(RegisteredDemandFactory.build().numero_unique) for _ in range(total)]

    def client_for(user=None, ip="10.0.0.1") -> Client:
        client = Client(REMOTE_ADDR=ip)
        if user is not None:
            client.force_login(user)
        return client

    from django.urls import reverse

    import_url = reverse("demands:import_start")

    def import_of(user, numero):
        return client_for(user).post(import_url, {"numero_unique": numero})

    results = {
        "import": _pair(
            "import",
            lambda i: import_of(importers[2 * i], registered[i]),
            lambda i: import_of(importers[2 * i + 1], unknown_numeros[i]),
            count,
        ),
        "login": _pair(
            "login (wrong password)",
            lambda i: client_for(ip=f"10.1.{i // 250}.{i % 250}").post(
                reverse("account_login"), {"login": f"existe.{i}@exemple.fr", "password": "pas-le-bon-2026"}
            ),
            lambda i: client_for(ip=f"10.2.{i // 250}.{i % 250}").post(
                reverse("account_login"), {"login": f"inconnu.{i}@exemple.fr", "password": "pas-le-bon-2026"}
            ),
            count,
        ),
        "reset": _pair(
            "password reset",
            lambda i: client_for().post(reverse("account_reset_password"), {"email": f"existe.{i}@exemple.fr"}),
            lambda i: client_for().post(reverse("account_reset_password"), {"email": f"personne.{i}@exemple.fr"}),
            count,
        ),
        "signup": _pair(
            "sign-up",
            lambda i: client_for().post(
                reverse("account_signup"),
                {"first_name": "Camille", "last_name": "Durand", "email": f"existe.{i}@exemple.fr"},
            ),
            lambda i: client_for().post(
                reverse("account_signup"),
                {"first_name": "Camille", "last_name": "Durand", "email": f"nouveau.{i}@exemple.fr"},
            ),
            count,
        ),
    }
    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    print(f"# {count} requests of each kind per pair; {load}", file=sys.stderr)
    for name, result in results.items():
        ratio = result["existing"][1] / result["unknown"][1]
        delta = result["existing"][1] - result["unknown"][1]
        print(
            f"BENCH enumeration_{name}_ratio {ratio:.2f} × (CPU medians, existing/unknown; "
            f"difference {delta:+.1f} ms; {load})"
        )
    SQLITE_PATH.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
