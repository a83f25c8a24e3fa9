"""The income-ceiling, taux-d'effort and typology checks vectorised with numpy, for the eligibility benchmark.

Benchmark code: the product never imports it (it checks eligibility with `logis.rules.offer.check_offer` and, for
"Mes offres", in SQL: logis.eligibility); tests/benchmarks/test_eligibility_bulk.py proves it agrees with the
scalar rules. Same rules and same exact integer arithmetic as `logis.rules.offer.check_offer` (which remains the
reference and the only path that explains itself): for each (household, offer) pair,
- income: reference income ≤ base[programme, zone, category] + extra_persons × extra[programme, zone];
- taux d'effort: resources > 0 and cost × 10 000 ≤ max_effort_basis_points × resources (cents);
- typology: allowed[min(household size, largest size of the table), typology].
`encode_pairs` turns scalar inputs into these arrays using the scalar rules for the parts that are per household
(category, reference income) or per offer (zone); the checks themselves are vectorised.

numpy is a development dependency (benchmarks and tests).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np

from logis.rules.ceilings import CATEGORY_KEYS, EXTRA_PERSON, Programme
from logis.rules.income import reference_income
from logis.rules.offer import (
    Candidate,
    LandlordPolicy,
    OfferFacts,
    category_for,
    housing_cost_cents,
    to_cents,
    zone_for,
)
from logis.rules.tables import RuleTables
from logis.rules.typology import TYPOLOGIES
from logis.rules.zones import IntermediateZone, SocialZone, UnknownCommune

PROGRAMMES = (Programme.PLAI, Programme.PLUS, Programme.PLS, Programme.LLI)
PROGRAMME_INDEX = {programme: index for index, programme in enumerate(PROGRAMMES)}
SOCIAL_ZONE_INDEX = {zone.value: index for index, zone in enumerate(SocialZone)}
INTERMEDIATE_ZONE_INDEX = {zone.value: index for index, zone in enumerate(IntermediateZone)}
ZONE_SLOTS = max(len(SOCIAL_ZONE_INDEX), len(INTERMEDIATE_ZONE_INDEX))
TYPOLOGY_INDEX = {typology: index for index, typology in enumerate(TYPOLOGIES)}
NO_CEILING = -1  # a (programme, zone) with no table: every income fails


@dataclass(frozen=True)
class BulkTables:
    """The tables as arrays: base[programme, zone, category - 1], extra[programme, zone], allowed[size, typology]."""

    base: np.ndarray
    extra: np.ndarray
    allowed: np.ndarray
    max_size: int


def bulk_tables(tables: RuleTables) -> BulkTables:
    base = np.full((len(PROGRAMMES), ZONE_SLOTS, len(CATEGORY_KEYS)), NO_CEILING, dtype=np.int64)
    extra = np.zeros((len(PROGRAMMES), ZONE_SLOTS), dtype=np.int64)
    for programme, p_index in PROGRAMME_INDEX.items():
        table = tables.table_for(programme)
        if table is None:
            continue
        zone_index = SOCIAL_ZONE_INDEX if programme.is_social else INTERMEDIATE_ZONE_INDEX
        for zone, z_index in zone_index.items():
            for c_index, key in enumerate(CATEGORY_KEYS):
                base[p_index, z_index, c_index] = table.cell(programme, zone, key).amount
            extra[p_index, z_index] = table.cell(programme, zone, EXTRA_PERSON).amount
    policy = tables.typologies
    allowed = np.zeros((policy.max_size + 1, len(TYPOLOGIES)), dtype=bool)
    for size in range(1, policy.max_size + 1):
        for typology in policy.acceptable(size):
            allowed[size, TYPOLOGY_INDEX[typology]] = True
    return BulkTables(base=base, extra=extra, allowed=allowed, max_size=policy.max_size)


@dataclass(frozen=True)
class BulkResult:
    income_ok: np.ndarray
    effort_ok: np.ndarray
    typology_ok: np.ndarray

    @property
    def eligible(self) -> np.ndarray:
        return self.income_ok & self.effort_ok & self.typology_ok


def check_pairs(
    bulk: BulkTables,
    *,
    programme: np.ndarray,
    zone: np.ndarray,
    category: np.ndarray,
    extra_persons: np.ndarray,
    income: np.ndarray,
    household_size: np.ndarray,
    typology: np.ndarray,
    cost_cents: np.ndarray,
    resources_cents: np.ndarray,
    max_effort_basis_points: np.ndarray | int,
) -> BulkResult:
    """Vectorised checks. Indexes: `programme` in PROGRAMMES order, `zone` in SocialZone or IntermediateZone
    order (by programme; -1 = unknown commune), `category` 1 to 6, `typology` in TYPOLOGIES order."""
    zone = np.asarray(zone)
    known_zone = zone >= 0
    base = bulk.base[programme, np.where(known_zone, zone, 0), np.asarray(category) - 1]
    ceiling = base + np.asarray(extra_persons, dtype=np.int64) * bulk.extra[programme, np.where(known_zone, zone, 0)]
    income_ok = known_zone & (base != NO_CEILING) & (np.asarray(income, dtype=np.int64) <= ceiling)
    resources = np.asarray(resources_cents, dtype=np.int64)
    effort_ok = (resources > 0) & (
        np.asarray(cost_cents, dtype=np.int64) * 10000
        <= np.asarray(max_effort_basis_points, dtype=np.int64) * resources
    )
    size = np.minimum(np.asarray(household_size), bulk.max_size)
    typology_ok = bulk.allowed[size, typology]
    return BulkResult(income_ok=income_ok, effort_ok=effort_ok, typology_ok=typology_ok)


def encode_pairs(
    pairs: Iterable[tuple[Candidate, OfferFacts, LandlordPolicy | None]],
    *,
    tables: RuleTables,
    today: date,
    housing_benefit=None,
) -> dict[str, np.ndarray]:
    """Arrays for `check_pairs` from scalar inputs (same conventions as `offer.check_offer`)."""
    columns = {
        name: []
        for name in (
            "programme",
            "zone",
            "category",
            "extra_persons",
            "income",
            "household_size",
            "typology",
            "cost_cents",
            "resources_cents",
            "max_effort_basis_points",
        )
    }
    default_policy = LandlordPolicy.default(tables.parameters.ability_to_pay)
    for candidate, offer, policy in pairs:
        policy = policy or default_policy
        try:
            zone_key = zone_for(offer.financing, offer.insee, offer.departement, tables)
            zone_index = (SOCIAL_ZONE_INDEX if offer.financing.is_social else INTERMEDIATE_ZONE_INDEX)[zone_key]
        except UnknownCommune:
            zone_index = -1
        category, extra = category_for(offer.financing, candidate.household, today, tables)
        table = tables.table_for(offer.financing)
        n1_exception = table.n1_exception if table is not None else False
        income = reference_income(
            candidate.tax_households,
            year=today.year,
            n1_exception=n1_exception,
            params=tables.parameters.income,
            own_income=candidate.own_income,
        )
        columns["programme"].append(PROGRAMME_INDEX[offer.financing])
        columns["zone"].append(zone_index)
        columns["category"].append(category)
        columns["extra_persons"].append(extra)
        columns["income"].append(income.amount)
        columns["household_size"].append(candidate.household.size)
        columns["typology"].append(TYPOLOGY_INDEX[offer.typology])
        columns["cost_cents"].append(housing_cost_cents(offer, housing_benefit))
        columns["resources_cents"].append(to_cents(candidate.monthly_resources))
        columns["max_effort_basis_points"].append(policy.max_effort_basis_points)
    return {name: np.asarray(values, dtype=np.int64) for name, values in columns.items()}
