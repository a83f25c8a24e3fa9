""" "Mes offres" on a map: the markers' answer (GET /offres/carte/) for applicants working in the Paris area, over
the data set of benchmarks/bench_mes_offres.py (200,000 live offers spread like the population, and the demands).

    .venv/bin/python benchmarks/bench_mes_offres_map.py [--requests 200] [--offers 200000] [--demands 3000000]
                                                         [--seed 2026] [--rebuild]

Same database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/logis_bench), same lock and same data
set as bench_mes_offres.py (built there, reused here). Times, through Django's test Client, the applicant's map
with the filters of the first visit (the demand's fit), and the same applicants asking for every offer of France
(`perimetre=toutes`: the answer stops at LOGIS_MAP_MAX_MARKERS). Prints on stdout:

    BENCH mes_offres_map_p95 <v> ms        (goal ≤ 40 ms)
    BENCH mes_offres_map_cpu_ms <v> ms     (median CPU time of the Django process per request)
    BENCH mes_offres_map_all_p95 <v> ms    (the whole of France; bounded answer)
    BENCH mes_offres_map_all_cpu_ms <v> ms

Each line gives the machine's load (wall-clock times grow with it; CPU times much less).

Markers per answer and the share of truncated answers go to stderr.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_mes_offres import _percentile, run_on_dataset  # noqa: E402

PARIS_AREA = ("75", "92", "93", "94")


def _measure(requests: int, seed: int) -> None:
    import random

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client

    from logis.demands.models import Demand

    rng = random.Random(seed)
    ids = list(
        Demand.objects.filter(workplace_commune__departement__in=PARIS_AREA)
        .order_by("id")
        .values_list("id", flat=True)[: requests * 50]
    )
    if not ids:
        raise SystemExit("mes_offres_map: no demand with a workplace in the Paris area; run again with --rebuild.")
    sample = rng.sample(ids, min(requests, len(ids)))
    demands = list(Demand.objects.filter(id__in=sample).select_related("owner"))
    client = Client()
    for warm_up in demands[:10]:
        client.force_login(warm_up.owner)
        client.get("/offres/carte/")
    figures = {}
    for name, query in (("mes_offres_map", {}), ("mes_offres_map_all", {"perimetre": "toutes"})):
        times, cpu, markers, truncated = [], [], [], 0
        for demand in demands:
            client.force_login(demand.owner)
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get("/offres/carte/", query)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET /offres/carte/ answered {response.status_code}")
            data = response.json()
            markers.append(len(data["markers"]))
            truncated += data["truncated"]
        figures[name] = (times, cpu)
        print(
            f"{name}: {len(times)} requests, markers per answer median {statistics.median(markers):.0f}, max "
            f"{max(markers)}, truncated answers {truncated}; median {statistics.median(times):.1f} ms; load "
            f"average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (wall-clock)",
            file=sys.stderr,
        )
    load = f"(load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
    for name, (times, cpu) in figures.items():
        print(f"BENCH {name}_p95 {_percentile(times, 0.95):.1f} ms {load}")
        print(f"BENCH {name}_cpu_ms {statistics.median(cpu):.1f} ms {load}")


def main() -> int:
    return run_on_dataset("mes_offres_map", lambda args: _measure(args.requests, args.seed))


if __name__ == "__main__":
    sys.exit(main())
