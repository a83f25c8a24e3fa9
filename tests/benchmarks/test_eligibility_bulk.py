import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np

from benchmarks.eligibility_bulk import bulk_tables, check_pairs, encode_pairs
from logis.rules.ceilings import Programme
from logis.rules.household import Household, Person, Relation
from logis.rules.income import TaxHousehold
from logis.rules.offer import Candidate, LandlordPolicy, OfferFacts, check_offer
from logis.rules.tables import RuleTables

TODAY = date(2026, 3, 15)
TABLES = RuleTables.in_force(TODAY)
COMMUNES = ["75056", "75111", "92012", "93066", "78646", "91228", "69123", "38185", "01001", "97411", "01999"]


def random_pair(rng: random.Random):
    people = [Person(date(rng.randint(1950, 2005), rng.randint(1, 12), 1), Relation.APPLICANT)]
    if rng.random() < 0.5:
        people.append(Person(date(rng.randint(1950, 2005), rng.randint(1, 12), 1), Relation.SPOUSE))
    for _ in range(rng.choice([0, 0, 1, 2, 3, 4, 6])):
        people.append(
            Person(
                date(rng.randint(2008, 2025), rng.randint(1, 12), 1),
                Relation.CHILD,
                is_dependant=rng.random() < 0.9,
                has_disability=rng.random() < 0.05,
            )
        )
    household = Household(people=tuple(people))
    rfr_n2 = rng.choice([rng.randint(0, 120_000), rng.choice([31642, 31643, 48362, 48363, 78963, 78964])])
    rfr_n1 = rng.choice([None, rng.randint(0, 120_000)])
    resources = Decimal(rng.choice([0, rng.randint(500, 8000), 3000]))
    offer = OfferFacts(
        financing=rng.choice(list(Programme)),
        insee=rng.choice(COMMUNES),
        typology=rng.choice(["T1", "T2", "T3", "T4", "T5", "T6"]),
        rent=Decimal(rng.choice([rng.randint(200, 1800), 860])) + Decimal(rng.randint(0, 99)) / 100,
        charges=Decimal(rng.choice([rng.randint(0, 300), 130])),
    )
    policy = rng.choice(
        [None, LandlordPolicy(Decimal("0.3"), Decimal(0)), LandlordPolicy(Decimal("0.3333"), Decimal(0))]
    )
    if rng.random() < 0.1:  # exactly at the default maximum taux d'effort: 990 = 33 % of 3 000
        offer = replace(offer, rent=Decimal("860"), charges=Decimal("130") + rng.choice([0, Decimal("0.01")]))
        resources, policy = Decimal(3000), None
    candidate = Candidate(
        household=household, tax_households=(TaxHousehold(rfr_n2, rfr_n1),), monthly_resources=resources
    )
    return candidate, offer, policy


def test_vectorised_checks_give_the_same_booleans_as_the_scalar_path_on_random_data():
    rng = random.Random(20260315)
    pairs = [random_pair(rng) for _ in range(3000)]
    result = check_pairs(bulk_tables(TABLES), **encode_pairs(pairs, tables=TABLES, today=TODAY))
    scalar = [
        check_offer(candidate, offer, tables=TABLES, today=TODAY, policy=policy) for candidate, offer, policy in pairs
    ]
    for code, vector in (
        ("income_ceiling", result.income_ok),
        ("effort_rate", result.effort_ok),
        ("typology", result.typology_ok),
    ):
        expected = np.array([code not in verdict.failure_codes for verdict in scalar])
        assert (vector == expected).all(), f"{code}: {np.flatnonzero(vector != expected)[:5]}"
        assert 0 < expected.sum() < len(expected), f"{code}: random data must exercise both outcomes"


def test_vectorised_income_check_applies_extra_persons_and_refuses_unknown_zones():
    bulk = bulk_tables(TABLES)
    plus, autres, lli = 1, 2, 3
    result = check_pairs(
        bulk,
        programme=np.array([plus, plus, lli]),
        zone=np.array([autres, autres, -1]),
        category=np.array([6, 6, 1]),
        extra_persons=np.array([2, 2, 0]),
        income=np.array([60156 + 2 * 6710, 60156 + 2 * 6710 + 1, 0]),
        household_size=np.array([8, 8, 1]),
        typology=np.array([5, 5, 0]),
        cost_cents=np.array([0, 0, 0]),
        resources_cents=np.array([100, 100, 100]),
        max_effort_basis_points=3300,
    )
    assert result.income_ok.tolist() == [True, False, False]
    assert result.typology_ok.tolist() == [True, True, True]
