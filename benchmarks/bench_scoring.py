"""Cotation: ranking 1,000 applicants of one offer with the breakdown, and re-scoring 3,000,000 demands in memory.

    .venv/bin/python benchmarks/bench_scoring.py [--applicants 1000] [--demands 3000000] [--seed 2026] [--no-db]

Prints on stdout:
    BENCH scoring_rank_1000_engine_ms <value> ms    the pure engine on prepared facts: 1,000 scores with their
                                                    breakdown sentences, then the sort (goal ≤ 20 ms)
    BENCH scoring_rank_1000_fetch_ms <value> ms     fetching the offer's 1,000 active applications with their
                                                    demands (SQLite)
    BENCH scoring_rank_1000_facts_ms <value> ms     building those facts from the 1,000 fetched demands (register
                                                    snapshots, offer, workplaces and employer weights: 2 queries)
    BENCH scoring_rank_1000_db_ms <value> ms        logis.scoring.services.rank_applications(offer) end to end on a
                                                    fresh SQLite database: fetch, facts, engine, sort
    BENCH scoring_rescore_3m_s <value> s            the vectorised engine (numpy) over 3,000,000 demands' facts
                                                    already in arrays, default grid (goal ≤ 2 s)
Each figure is the best of several runs. Data are random with a fixed seed; details go to stderr.
"""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.scoring_vector import facts_to_arrays, score_arrays  # noqa: E402
from logis.scoring.grid import DemandFacts, grid_from_file, rank_key  # noqa: E402

TODAY = dt.date(2026, 3, 15)
HOUSING = ["locataire_prive", "locataire_prive", "heberge_tiers", "chez_parents", "logement_temporaire", "sans_abri"]
REASONS = ["trop_cher", "trop_petit", "expulsion", "violences", "handicap", "non_decent", "rapprochement_travail"]


def best_time(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def random_facts(count: int, seed: int) -> list[DemandFacts]:
    rng = random.Random(seed)
    return [
        DemandFacts(
            disability=rng.random() < 0.05,
            domestic_violence=rng.random() < 0.02,
            homeless=rng.random() < 0.03,
            hosted=rng.random() < 0.2,
            temporary_housing=rng.random() < 0.05,
            eviction_threat=rng.random() < 0.03,
            substandard_housing=rng.random() < 0.05,
            overcrowded=rng.random() < 0.15,
            income_under_plai=rng.random() < 0.3,
            single_parent=rng.random() < 0.15,
            large_family=rng.random() < 0.08,
            current_effort_rate=rng.choice([None, rng.uniform(0.1, 0.6)]),
            offer_in_wished_commune=rng.random() < 0.6,
            offer_in_wished_departement=rng.random() < 0.9,
            housing_type_matches=rng.random() < 0.7,
            distance_to_work_km=rng.choice([None, rng.uniform(0, 90)]),
            effort_rate=rng.uniform(0.1, 0.5),
            seniority_months=rng.randint(0, 80),
            permanent_contract=rng.random() < 0.7,
            company_seniority_months=rng.randint(0, 240),
            employer_permanent_contract_points=rng.choice([0, 0, 5, 10]),
            employer_seniority_points=rng.choice([0, 3, 6]),
            employer_min_seniority_months=rng.choice([0, 12, 24]),
        )
        for _ in range(count)
    ]


def random_arrays(count: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def flags(share: float) -> np.ndarray:
        return rng.random(count) < share

    def maybe(values: np.ndarray, share_unknown: float) -> np.ndarray:
        return np.where(rng.random(count) < share_unknown, np.nan, values)

    return {
        "disability": flags(0.05),
        "domestic_violence": flags(0.02),
        "homeless": flags(0.03),
        "hosted": flags(0.2),
        "temporary_housing": flags(0.05),
        "eviction_threat": flags(0.03),
        "substandard_housing": flags(0.05),
        "overcrowded": flags(0.15),
        "income_under_plai": flags(0.3),
        "single_parent": flags(0.15),
        "large_family": flags(0.08),
        "current_effort_rate": maybe(rng.uniform(0.1, 0.6, count), 0.3),
        "offer_in_wished_commune": flags(0.6),
        "offer_in_wished_departement": flags(0.9),
        "housing_type_matches": flags(0.7),
        "distance_to_work_km": maybe(rng.uniform(0, 90, count), 0.2),
        "effort_rate": rng.uniform(0.1, 0.5, count),
        "seniority_months": rng.integers(0, 80, count, dtype=np.int32),
        "permanent_contract": flags(0.7),
        "company_seniority_months": rng.integers(0, 240, count).astype(np.float64),
        "employer_permanent_contract_points": rng.choice(np.array([0, 0, 5, 10], dtype=np.int32), count),
        "employer_seniority_points": rng.choice(np.array([0, 3, 6], dtype=np.int32), count),
        "employer_min_seniority_months": rng.choice(np.array([0, 12, 24], dtype=np.int32), count),
    }


def bench_engine(count: int, seed: int) -> None:
    grid = grid_from_file()
    facts = random_facts(count, seed)
    order = list(range(count))

    def rank():
        scored = [
            (rank_key(grid.evaluate(item), index, index), item) for index, item in zip(order, facts, strict=True)
        ]
        scored.sort(key=lambda pair: pair[0])
        return scored

    elapsed = best_time(rank, repeat=20)
    print(f"BENCH scoring_rank_{count}_engine_ms {elapsed * 1000:.2f} ms", flush=True)


def bench_vector(count: int, seed: int) -> None:
    grid = grid_from_file()
    start = time.perf_counter()
    arrays = random_arrays(count, seed)
    print(f"# built {count:,} demands' facts in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    totals = score_arrays(grid, arrays)
    print(f"# mean score {totals.mean():.1f}, max {totals.max()}", file=sys.stderr)
    sample = random_facts(2000, seed + 1)
    agree = score_arrays(grid, facts_to_arrays(sample)).tolist() == [grid.evaluate(f).total for f in sample]
    print(f"# scalar and vectorised engines agree on a 2,000-demand sample: {agree}", file=sys.stderr)
    elapsed = best_time(lambda: score_arrays(grid, arrays), repeat=3)
    print(f"BENCH scoring_rescore_{count // 1_000_000}m_s {elapsed:.3f} s", flush=True)


def bench_database(count: int, seed: int) -> None:
    """Facts building and the whole rank_applications on a throw-away SQLite database."""
    directory = tempfile.mkdtemp(prefix="logis-bench-scoring-")
    os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("SECRET_KEY", "bench-scoring")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"# migrated a fresh database in {time.perf_counter() - start:.1f} s", file=sys.stderr)

    from django.utils import timezone

    from logis.accounts.models import User
    from logis.applications.models import Application
    from logis.demands.models import Demand
    from logis.employers.models import EmployerPriorities
    from logis.geo.models import Commune
    from logis.offers.models import Offer
    from logis.organizations.models import Organization
    from logis.scoring.facts import FactsContext, demand_facts
    from logis.scoring.services import rank_applications

    rng = random.Random(seed)
    now = timezone.now()
    lyon = Commune.objects.create(
        insee="69123", name="Lyon", departement="69", region="84", postal_code="69001", lat=45.758, lng=4.835
    )
    work = Commune.objects.create(
        insee="69266", name="Villeurbanne", departement="69", region="84", postal_code="69100", lat=45.77, lng=4.89
    )
    landlord = Organization.objects.create(kind="landlord", name="Bailleur", siret="11111111111111", commune=lyon)
    employers = [
        Organization.objects.create(kind="employer", name=f"Employeur {n}", siret=f"2222222222{n:04d}", commune=lyon)
        for n in range(10)
    ]
    for employer in employers[:5]:
        EmployerPriorities.objects.create(
            organization=employer,
            permanent_contract_first=True,
            permanent_contract_points=5,
            min_seniority_months=12,
            seniority_points=4,
            updated_at=now,
        )
    offer = Offer.objects.create(
        landlord=landlord,
        reference="BENCH-1",
        title="T3",
        status="published",
        financing="PLUS",
        kind="flat",
        typology="T3",
        surface=65,
        rooms=3,
        bedrooms=2,
        rent=600,
        charges=90,
        commune=lyon,
        address="1 rue",
        lat=45.76,
        lng=4.84,
        available_on=TODAY,
        energy_class="C",
        published_at=now,
    )
    users = User.objects.bulk_create(
        User(email=f"bench{n}@exemple.fr", first_name="A", last_name="B", kind="applicant") for n in range(count)
    )
    demands = []
    for n, user in enumerate(users):
        members = [
            {"relation": "enfant", "is_dependent": True, "has_disability": rng.random() < 0.03,
             "birth_date": "2015-05-01"}
            for _ in range(rng.choice([0, 0, 1, 2, 3]))
        ]  # fmt: skip
        snapshot = {
            "filed_at": (now - dt.timedelta(days=rng.randint(0, 2000))).isoformat(),
            "birth_date": "1988-02-03",
            "applicant_has_disability": rng.random() < 0.03,
            "current_housing": rng.choice(HOUSING),
            "current_rent": rng.choice([None, rng.randint(300, 1200)]),
            "current_occupants": 1 + len(members),
            "current_surface": rng.choice([None, rng.randint(12, 90)]),
            "reasons": rng.sample(REASONS, rng.randint(0, 3)),
            "contract_type": rng.choice(["CDI", "CDI", "CDD"]),
            "rfr_n1": None,
            "members": members,
        }
        demands.append(
            Demand(
                owner=user,
                numero_unique=f"069012600{n:04d}G0001",
                imported_at=now,
                refreshed_at=now,
                expires_on=TODAY + dt.timedelta(days=300),
                household_size=1 + len(members),
                reference_income=rng.randint(8000, 40000),
                monthly_resources=rng.randint(1200, 4500),
                workplace_commune=work,
                wished_communes=["69123"],
                wished_typologies=["T2", "T3"],
                snapshot=snapshot,
                employer=rng.choice(employers),
                employment_start=TODAY - dt.timedelta(days=rng.randint(30, 4000)),
            )
        )
    demands = Demand.objects.bulk_create(demands)
    Application.objects.bulk_create(
        Application(demand=demand, offer=offer, state="submitted", created_at=now, updated_at=now)
        for demand in demands
    )

    def fetch():
        return list(Application.objects.filter(offer=offer).active().select_related("demand__owner"))

    elapsed = best_time(fetch, repeat=5)
    print(f"BENCH scoring_rank_{count}_fetch_ms {elapsed * 1000:.2f} ms", flush=True)
    fetched = fetch()

    def build_facts():
        context = FactsContext(today=TODAY)
        context.preload(application.demand for application in fetched)
        return [demand_facts(application.demand, offer, context=context) for application in fetched]

    elapsed = best_time(build_facts, repeat=5)
    print(f"BENCH scoring_rank_{count}_facts_ms {elapsed * 1000:.2f} ms", flush=True)
    ranking = rank_applications(offer, today=TODAY)
    assert len(ranking) == count
    elapsed = best_time(lambda: rank_applications(offer, today=TODAY), repeat=5)
    print(f"BENCH scoring_rank_{count}_db_ms {elapsed * 1000:.2f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=1000)
    parser.add_argument("--demands", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-db", action="store_true", help="skip the database figures")
    args = parser.parse_args(argv)
    bench_engine(args.applicants, args.seed)
    bench_vector(args.demands, args.seed)
    if not args.no_db:
        bench_database(args.applicants, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
