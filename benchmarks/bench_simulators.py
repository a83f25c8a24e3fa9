"""The simulator pages' server time and the housing-benefit estimator's throughput.

    .venv/bin/python benchmarks/bench_simulators.py [--requests 300] [--estimates 20000] [--seed 2026]

Times GET of /aides/simulateurs/pret/ (the official example with insurance: 300-month table, yearly view) and
/aides/simulateurs/aide-au-logement/ (a couple with two children in Lyon) through Django's test Client, in a fresh
migrated SQLite file: middleware, form, rule module, template. Prints on stdout:
    BENCH simulate_loan_ms <p95> ms         (CPU time of the request in the server process, p95; goal ≤ 5 ms)
    BENCH simulate_apl_ms <p95> ms          (same; the wall-clock times, which the shared machine's load inflates,
                                             go to stderr)
    BENCH apl_estimates_per_s <v> estimates/s   (logis.rules.housing_benefit.estimate on validated inputs)
The machine is shared and noisy: stderr gives the load average, the medians, the CPU times per request and their
ratio to a baseline measured in the same run (the public catalogue page /aides/, a page of the same stack).
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One file per run: two checkouts benchmarking at once on a shared machine must not migrate over each other.
SQLITE_PATH = Path(tempfile.gettempdir()) / f"logis_bench_simulators_{os.getpid()}.sqlite3"

LOAN = {
    "principal": "30000",
    "annual_rate_pct": "1",
    "months": "300",
    "insurance_basis": "initial",
    "insurance_rate_pct": "0,1668",
    "monthly_income": "2500",
}
APL = {
    "commune": "69123",
    "rent": "620",
    "housing": "social",
    "couple": "on",
    "salary": "21000",
    "partner_salary": "9000",
    "dependants": "2",
    "month": "2026-01",
}


def _setup() -> None:
    SQLITE_PATH.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    os.environ.setdefault("SECRET_KEY", "bench-insecure-key")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage")
    os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
    os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _time(client, path: str, params: dict, count: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(5):  # warm-up (imports, template loading)
        assert client.get(path, params).status_code == 200
    for _ in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path, params)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200
    return walls, cpus


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def _random_inputs(count: int, seed: int):
    from logis.rules.housing_benefit import _zonage, housing_benefit_input

    rng = random.Random(seed)
    codes = sorted(code for code, (_, origin) in _zonage().items() if not code.startswith("97"))
    inputs = []
    for _ in range(count):
        couple = rng.random() < 0.5
        inputs.append(
            housing_benefit_input(
                {
                    "commune": rng.choice(codes),
                    "rent": rng.randint(150, 1400),
                    "dependants": rng.choice([0, 0, 1, 2, 3]),
                    "annual_taxable_salaries": [rng.randint(0, 50_000) for _ in range(2 if couple else 1)],
                    "housing": rng.choice(["social", "private"]),
                    "month": rng.choice(["2025-10", "2026-01", "2026-06"]),
                }
            )
        )
    return inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--estimates", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    _setup()
    print(f"# migrated a fresh SQLite database in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    from django.test import Client

    from logis.geo.models import Commune
    from logis.rules.housing_benefit import estimate

    Commune.objects.create(
        insee="69123",
        name="Lyon",
        departement="69",
        region="84",
        postal_code="69001",
        lat=45.76,
        lng=4.83,
        population=520_000,
    )
    client = Client()
    baseline_wall, baseline_cpu = _time(client, "/aides/", {}, args.requests)
    loan_wall, loan_cpu = _time(client, "/aides/simulateurs/pret/", LOAN, args.requests)
    apl_wall, apl_cpu = _time(client, "/aides/simulateurs/aide-au-logement/", APL, args.requests)

    inputs = _random_inputs(args.estimates, args.seed)
    wall, cpu = time.perf_counter(), time.process_time()
    for data in inputs:
        estimate(data)
    elapsed, cpu_elapsed = time.perf_counter() - wall, time.process_time() - cpu

    print(
        f"# load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; {args.requests} requests per page",
        file=sys.stderr,
    )
    base = statistics.median(baseline_cpu)
    for name, walls, cpus in (
        ("catalogue (baseline)", baseline_wall, baseline_cpu),
        ("loan", loan_wall, loan_cpu),
        ("housing benefit", apl_wall, apl_cpu),
    ):
        print(
            f"# {name}: wall median {statistics.median(walls):.2f} ms, p95 {_p95(walls):.2f} ms; CPU median "
            f"{statistics.median(cpus):.2f} ms (× {statistics.median(cpus) / base:.2f} the baseline)",
            file=sys.stderr,
        )
    print(f"# {args.estimates} estimates: {elapsed:.2f} s wall, {cpu_elapsed:.2f} s CPU", file=sys.stderr)
    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    loan_median, apl_median = statistics.median(loan_cpu), statistics.median(apl_cpu)
    print(f"BENCH simulate_loan_ms {_p95(loan_cpu):.2f} ms (CPU p95; median {loan_median:.2f} ms; {load})")
    print(f"BENCH simulate_apl_ms {_p95(apl_cpu):.2f} ms (CPU p95; median {apl_median:.2f} ms; {load})")
    print(f"BENCH apl_estimates_per_s {args.estimates / cpu_elapsed:.0f} estimates/s (per CPU second; {load})")
    SQLITE_PATH.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
