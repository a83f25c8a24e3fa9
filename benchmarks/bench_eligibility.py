"""Eligibility checks per second: vectorised (numpy) path on 1,000,000 pairs, scalar path on 20,000 pairs.

    .venv/bin/python benchmarks/bench_eligibility.py [--pairs 1000000] [--scalar-pairs 20000] [--seed 2026]

Prints on stdout:
    BENCH eligibility_checks_per_s <value> checks/s         (benchmarks.eligibility_bulk.check_pairs: income ceiling,
                                                             taux d'effort, typology; arrays already built)
    BENCH eligibility_scalar_checks_per_s <value> checks/s  (logis.rules.offer.check_offer: the same checks plus
                                                             reste à vivre and accessibility, with the French
                                                             sentences of the verdict)
One check = one (household, offer) pair. Goal of the vectorised path: ≥ 1,000,000 checks/s. Details (build
times, agreement of both paths on the scalar sample) go to stderr. Data are random with a fixed seed.
"""

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.eligibility_bulk import PROGRAMMES, bulk_tables, check_pairs, encode_pairs  # noqa: E402
from logis.rules.household import Household, Person, Relation  # noqa: E402
from logis.rules.income import TaxHousehold  # noqa: E402
from logis.rules.offer import Candidate, OfferFacts, check_offer  # noqa: E402
from logis.rules.tables import RuleTables  # noqa: E402
from logis.rules.typology import TYPOLOGIES  # noqa: E402

TODAY = date(2026, 3, 15)
COMMUNES = ["75056", "92012", "93048", "78646", "91228", "95127", "69123", "13055", "38185", "01001", "29019"]


def random_arrays(count: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    programme = rng.integers(0, len(PROGRAMMES), count, dtype=np.int8)
    lli = PROGRAMMES.index("LLI")
    zone = np.where(
        programme == lli, rng.integers(0, 4, count, dtype=np.int8), rng.integers(0, 3, count, dtype=np.int8)
    )
    category = rng.integers(1, 7, count, dtype=np.int8)
    extra_persons = np.where(category == 6, rng.integers(0, 3, count, dtype=np.int8), 0).astype(np.int8)
    household_size = np.clip(category.astype(np.int16) + extra_persons - rng.integers(0, 2, count), 1, None)
    resources = rng.integers(80_000, 800_000, count, dtype=np.int64)  # cents per month
    return {
        "programme": programme,
        "zone": zone,
        "category": category,
        "extra_persons": extra_persons,
        "income": rng.integers(0, 120_000, count, dtype=np.int64),
        "household_size": household_size,
        "typology": rng.integers(0, len(TYPOLOGIES), count, dtype=np.int8),
        "cost_cents": rng.integers(20_000, 250_000, count, dtype=np.int64),
        "resources_cents": resources,
        "max_effort_basis_points": rng.choice(np.array([2500, 3000, 3300, 3500], dtype=np.int64), count),
    }


def random_pairs(count: int, seed: int) -> list[tuple[Candidate, OfferFacts, None]]:
    rng = random.Random(seed)
    pairs = []
    for _ in range(count):
        people = [Person(date(rng.randint(1955, 2004), rng.randint(1, 12), 1), Relation.APPLICANT)]
        if rng.random() < 0.5:
            people.append(Person(date(rng.randint(1955, 2004), rng.randint(1, 12), 1), Relation.SPOUSE))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 5])):
            people.append(
                Person(
                    date(rng.randint(2008, 2025), rng.randint(1, 12), 1),
                    Relation.CHILD,
                    is_dependant=True,
                    has_disability=rng.random() < 0.03,
                )
            )
        candidate = Candidate(
            household=Household(people=tuple(people)),
            tax_households=(TaxHousehold(rng.randint(0, 120_000), rng.choice([None, rng.randint(0, 120_000)])),),
            monthly_resources=Decimal(rng.randint(800, 8000)),
            needs_accessibility=rng.random() < 0.05,
        )
        offer = OfferFacts(
            financing=rng.choice(["PLAI", "PLUS", "PLS", "LLI"]),
            insee=rng.choice(COMMUNES),
            typology=rng.choice(TYPOLOGIES),
            rent=Decimal(rng.randint(200, 1800)),
            charges=Decimal(rng.randint(0, 300)),
            is_accessible=rng.random() < 0.3,
        )
        pairs.append((candidate, offer, None))
    return pairs


def best_time(function, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--scalar-pairs", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)

    tables = RuleTables.in_force(TODAY)
    bulk = bulk_tables(tables)

    start = time.perf_counter()
    arrays = random_arrays(args.pairs, args.seed)
    print(f"# built {args.pairs:,} random pairs in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    result = check_pairs(bulk, **arrays)
    print(f"# vectorised: {result.eligible.mean():.1%} of pairs eligible", file=sys.stderr)
    elapsed = best_time(lambda: check_pairs(bulk, **arrays).eligible, repeat=5)
    print(f"BENCH eligibility_checks_per_s {args.pairs / elapsed:.0f} checks/s", flush=True)

    start = time.perf_counter()
    pairs = random_pairs(args.scalar_pairs, args.seed)
    print(f"# built {args.scalar_pairs:,} scalar pairs in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    verdicts = []

    def run_scalar():
        verdicts[:] = [check_offer(candidate, offer, tables=tables, today=TODAY) for candidate, offer, _ in pairs]

    elapsed = best_time(run_scalar, repeat=1)
    print(f"BENCH eligibility_scalar_checks_per_s {args.scalar_pairs / elapsed:.0f} checks/s", flush=True)

    encoded = check_pairs(bulk, **encode_pairs(pairs, tables=tables, today=TODAY))
    agree = all(
        (code not in verdict.failure_codes) == bool(vector[index])
        for index, verdict in enumerate(verdicts)
        for code, vector in (
            ("income_ceiling", encoded.income_ok),
            ("effort_rate", encoded.effort_ok),
            ("typology", encoded.typology_ok),
        )
    )
    print(f"# scalar and vectorised paths agree on the scalar sample: {agree}", file=sys.stderr)
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
