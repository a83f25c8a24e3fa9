"""Eligibility of a demand to offers as a SQL predicate, and the verdicts of the rules for a page of offers.

"Mes offres" filters eligible offers in the database, not in Python after fetching. For one demand, the rules
tables (logis.rules) are read in Python once and turned into plain comparisons on columns of the offers:

- income: the (financing, zone) pairs whose ceiling, for the household's category, is not below the household's
  reference income → `financing = 'PLUS' AND social_zone IN (...)`, `financing = 'LLI' AND abc_zone IN (...)`;
- typology: `typology IN (...)`, the typologies suited to the household size;
- ability to pay: the largest housing cost (the taux d'effort's numerator: rent, annexes, charges, energy-works
  contribution, flat charge when water or heating is individual) that keeps the taux d'effort under the landlord's
  maximum and the reste à vivre per unit of consumption above its floor → `effort_cost <= amount`; landlords with
  their own policy get their own amount (`landlord_id IN (...) AND effort_cost <= amount`), grouped by amount;
- accessibility: `is_accessible` when the household needs it.

Each bound is computed with the same integer arithmetic as the rules (logis.rules.offer), so the offers the SQL
lets through are exactly those `check_offer` finds eligible (tests/eligibility/test_sql_agrees_with_rules.py).
No housing benefit is estimated (0 €), as in `logis.eligibility.services.offer_verdict`.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from django.db.models import Q
from django.utils import timezone

from logis.eligibility.adapters import candidate_of, offer_facts_of
from logis.eligibility.models import LandlordPolicy as LandlordPolicyRow
from logis.rules.ceilings import SOCIAL_PROGRAMMES, Programme
from logis.rules.income import reference_income
from logis.rules.offer import (
    Candidate,
    LandlordPolicy,
    category_for,
    check_offer,
    check_private_offer,
    to_cents,
    units_of_consumption,
)
from logis.rules.tables import RuleTables
from logis.rules.verdict import Verdict
from logis.rules.zones import AbcZone, IntermediateZone, SocialZone

NOTHING = Q(pk__in=[])


def any_of(conditions: list[Q]) -> Q:
    """The OR of `conditions`; no offer at all when there is none."""
    if not conditions:
        return NOTHING
    result = conditions[0]
    for condition in conditions[1:]:
        result |= condition
    return result


@functools.lru_cache(maxsize=4)
def tables_on(today: dt.date) -> RuleTables:
    """The rules tables in force on `today` (read once per day and process)."""
    return RuleTables.in_force(today)


def landlord_policies(landlord_ids=None) -> dict[int, LandlordPolicy]:
    """The policies of the landlords that set one (one query), as the rules' dataclasses."""
    rows = LandlordPolicyRow.objects.all()
    if landlord_ids is not None:
        rows = rows.filter(organization_id__in=landlord_ids)
    return {
        organization_id: LandlordPolicy(max_effort_rate=rate, min_reste_a_vivre_per_uc=floor)
        for organization_id, rate, floor in rows.values_list(
            "organization_id", "max_effort_rate", "min_reste_a_vivre_per_uc"
        )
    }


def abc_zones_of(column: str) -> list[str]:
    """The ABC zones of a column of the intermediate ceilings (B2 and C share one)."""
    return [zone.value for zone in AbcZone if zone.intermediate_column == IntermediateZone(column)]


def max_housing_cost_cents(candidate: Candidate, policy: LandlordPolicy, *, units) -> int | None:
    """The largest housing cost (cents) that passes both ability-to-pay checks of the rules, or None if none does.

    Taux d'effort: cost × d ≤ n × resources (max rate n / d) ⇔ cost ≤ ⌊n × resources / d⌋.
    Reste à vivre: (resources − cost) × u_d ≥ floor × u_n (units u_n / u_d) ⇔ cost ≤ resources − ⌈floor × u_n / u_d⌉.
    """
    resources = to_cents(candidate.monthly_resources)
    if resources <= 0:
        return None
    rate = policy.max_effort_rate.as_integer_ratio()
    by_effort = rate[0] * resources // rate[1]
    floor = to_cents(policy.min_reste_a_vivre_per_uc)
    by_reste_a_vivre = resources + (-floor * units.numerator) // units.denominator
    return min(by_effort, by_reste_a_vivre)


def household_ceilings(household, today: dt.date, tables: RuleTables) -> tuple:
    """The income ceilings of `household` on `today`: for each programme with a table, (programme, whether the
    N-1 exception applies, ((zone, ceiling), …)). They depend on the household only, not on its income: a job over
    many demands computes them once per distinct household."""
    result = []
    for programme in (*SOCIAL_PROGRAMMES, Programme.LLI):
        table = tables.table_for(programme)
        if table is None:
            continue
        category, extra = category_for(programme, household, today, tables)
        zones = SocialZone if programme.is_social else IntermediateZone
        ceilings = tuple((zone.value, table.ceiling(programme, zone.value, category, extra).amount) for zone in zones)
        result.append((programme, table.n1_exception, ceilings))
    return tuple(result)


@dataclass
class DemandEligibility:
    """What one demand may be offered on `today`: the SQL predicate and the verdicts for a page of offers.

    Build it once per request (one query for the landlords' policies when the predicate is first needed).
    """

    demand: object
    today: dt.date
    tables: RuleTables
    policies: dict[int, LandlordPolicy] | None = None

    @classmethod
    def of(cls, demand, today: dt.date | None = None) -> "DemandEligibility":
        today = today or timezone.localdate()
        return cls(demand=demand, today=today, tables=tables_on(today))

    @cached_property
    def candidate(self) -> Candidate:
        return candidate_of(self.demand, self.today)

    @cached_property
    def default_policy(self) -> LandlordPolicy:
        return LandlordPolicy.default(self.tables.parameters.ability_to_pay)

    def _policies(self) -> dict[int, LandlordPolicy]:
        if self.policies is None:
            self.policies = landlord_policies()
        return self.policies

    # --- the SQL predicate ----------------------------------------------------------------------------------

    def income_pairs(self, ceilings: tuple | None = None) -> list[tuple[str, str]]:
        """(financing, zone) pairs whose ceiling the household's reference income does not exceed. `ceilings`:
        `household_ceilings` of the candidate's household on `today`, when the caller computed them already."""
        if ceilings is None:
            ceilings = household_ceilings(self.candidate.household, self.today, self.tables)
        pairs = []
        incomes = {}
        for programme, n1_exception, zones in ceilings:
            if n1_exception not in incomes:
                incomes[n1_exception] = reference_income(
                    self.candidate.tax_households,
                    year=self.today.year,
                    n1_exception=n1_exception,
                    params=self.tables.parameters.income,
                    own_income=self.candidate.own_income,
                ).amount
            income = incomes[n1_exception]
            pairs += [(programme.value, zone) for zone, ceiling in zones if income <= ceiling]
        return pairs

    def income_q(self, *, programmes: tuple[str, ...] | None = None) -> Q:
        by_programme: dict[str, list[str]] = {}
        for programme, zone in self.income_pairs():
            if programmes is not None and programme not in programmes:
                continue
            by_programme.setdefault(programme, []).append(zone)
        conditions = []
        for programme, zones in by_programme.items():
            if programme == Programme.LLI:
                abc = [value for column in zones for value in abc_zones_of(column)]
                conditions.append(Q(financing=programme, abc_zone__in=abc))
            else:
                conditions.append(Q(financing=programme, social_zone__in=zones))
        return any_of(conditions)

    def typologies(self) -> tuple[str, ...]:
        return self.tables.typologies.acceptable(self.candidate.household.size)

    def ability_to_pay_q(self) -> Q:
        """The housing cost under the largest affordable amount, per group of landlords sharing that amount."""
        units = units_of_consumption(self.candidate.household, self.today, self.tables.parameters.ability_to_pay)
        default_max = max_housing_cost_cents(self.candidate, self.default_policy, units=units)
        groups: dict[int | None, list[int]] = {}
        for landlord_id, policy in self._policies().items():
            groups.setdefault(max_housing_cost_cents(self.candidate, policy, units=units), []).append(landlord_id)
        custom_ids = [landlord_id for ids in groups.values() for landlord_id in ids]
        conditions = []
        if default_max is not None:
            default_q = Q(effort_cost__lte=Decimal(default_max) / 100)
            conditions.append(default_q & ~Q(landlord_id__in=custom_ids) if custom_ids else default_q)
        for maximum, ids in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0)):
            if maximum is not None:
                conditions.append(Q(landlord_id__in=sorted(ids), effort_cost__lte=Decimal(maximum) / 100))
        return any_of(conditions)

    @cached_property
    def q(self) -> Q:
        """Offers this demand is eligible to (needs the `effort_cost` alias of `effort_cost_expression`).

        A private letting keeps none of the social rules: a free rent is open to anyone, an intermediate rent
        keeps the intermediate income ceiling of its zone (issue #19). An applicant who needs an accessible home
        is shown accessible ones on both sides."""
        social = Q(channel="social") & self.income_q() & Q(typology__in=self.typologies()) & self.ability_to_pay_q()
        private = Q(channel="private") & (Q(financing="FREE") | self.income_q(programmes=(Programme.LLI.value,)))
        q = social | private
        if self.candidate.needs_accessibility:
            q &= Q(is_accessible=True)
        return q

    # --- verdicts of the rules ------------------------------------------------------------------------------

    def policy_for(self, landlord_id: int) -> LandlordPolicy:
        return self._policies().get(landlord_id) or self.default_policy

    def verdict(self, offer, *, housing_benefit=None) -> Verdict:
        """The rules' verdict for one offer (every rule explained with its figures); `housing_benefit` as in
        `logis.eligibility.services.offer_verdict` (the SQL predicate counts none)."""
        if getattr(offer, "channel", "social") == "private":
            facts = None if offer.financing == "FREE" else offer_facts_of(offer)
            return check_private_offer(self.candidate, facts, tables=self.tables, today=self.today)
        return check_offer(
            self.candidate,
            offer_facts_of(offer),
            tables=self.tables,
            today=self.today,
            policy=self.policy_for(offer.landlord_id),
            housing_benefit=housing_benefit,
        )
