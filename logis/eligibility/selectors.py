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

from django.db.models import BooleanField, Expression, F
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

    def income_groups(self, *, programmes: tuple[str, ...] | None = None) -> list[tuple[str, str, list[str]]]:
        """(financing, zone column, zones) for each programme whose ceiling the reference income does not exceed in
        some zone: intermediate housing by its ABC zones, the social programmes by their social zones."""
        by_programme: dict[str, list[str]] = {}
        for programme, zone in self.income_pairs():
            if programmes is not None and programme not in programmes:
                continue
            by_programme.setdefault(programme, []).append(zone)
        groups = []
        for programme, zones in by_programme.items():
            if programme == Programme.LLI:
                groups.append((programme, "abc_zone", [value for column in zones for value in abc_zones_of(column)]))
            else:
                groups.append((programme, "social_zone", zones))
        return groups

    def typologies(self) -> tuple[str, ...]:
        return self.tables.typologies.acceptable(self.candidate.household.size)

    def ability_to_pay_groups(self) -> tuple[Decimal | None, list[int], list[tuple[Decimal, list[int]]]]:
        """The largest affordable housing cost (euros) under the default policy (None: none is), the landlords with
        a policy of their own, and the largest cost for each group of them sharing that amount (by amount)."""
        units = units_of_consumption(self.candidate.household, self.today, self.tables.parameters.ability_to_pay)
        default_max = max_housing_cost_cents(self.candidate, self.default_policy, units=units)
        groups: dict[int | None, list[int]] = {}
        for landlord_id, policy in self._policies().items():
            groups.setdefault(max_housing_cost_cents(self.candidate, policy, units=units), []).append(landlord_id)
        custom_ids = [landlord_id for ids in groups.values() for landlord_id in ids]
        by_amount = [
            (Decimal(maximum) / 100, sorted(ids))
            for maximum, ids in sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or 0))
            if maximum is not None
        ]
        return (None if default_max is None else Decimal(default_max) / 100), custom_ids, by_amount

    def possible_financings(self) -> tuple[str, ...]:
        """The financings of the offers `q` may let through: the programmes whose ceiling the income does not
        exceed in some zone, and the private free rent. A condition implied by `q` that an index serves (the map of
        Mes offres)."""
        income, _typologies, _ability, private_income, _accessible = self.sql_parts
        programmes = {programme for programme, _column, zones in (*income, *private_income) if zones}
        return tuple(sorted(programmes | {"FREE"}))  # as the condition writes it

    def max_housing_cost(self) -> Decimal | None:
        """The largest housing cost that any landlord's ability-to-pay rules let through (euros, never below 0),
        None when none does: every social offer of `q` costs at most that much, a bound implied by `q` that an
        index serves (`offer_ability_cost_idx`, the map of Mes offres)."""
        default_max, _custom_ids, by_amount = self.sql_parts[2]
        maxima = [maximum for maximum in (default_max, *(amount for amount, _ids in by_amount)) if maximum is not None]
        return max(Decimal(0), *maxima) if maxima else None

    @cached_property
    def q(self) -> "EligibilityCondition":
        """Offers this demand is eligible to (needs the `effort_cost` alias of `effort_cost_expression`), as a
        condition for `filter()` and `exclude()`.

        A private letting keeps none of the social rules: a free rent is open to anyone, an intermediate rent
        keeps the intermediate income ceiling of its zone (issue #19). An applicant who needs an accessible home
        is shown accessible ones on both sides. Written as SQL directly (EligibilityCondition)."""
        return EligibilityCondition(self)

    @cached_property
    def sql_parts(self) -> tuple:
        """What the SQL condition is made of, computed once per demand and request (the rules' tables read in
        Python): the social programmes' income groups, the typologies, the ability to pay, the private side's
        income groups, accessibility."""
        return (
            self.income_groups(),
            tuple(self.typologies()),
            self.ability_to_pay_groups(),
            self.income_groups(programmes=(Programme.LLI.value,)),
            bool(self.candidate.needs_accessibility),
        )

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


# The offer's columns the eligibility condition reads (effort_cost: the alias of `effort_cost_expression`).
_CONDITION_COLUMNS = ("channel", "financing", "social_zone", "abc_zone", "typology", "landlord_id", "is_accessible")


class EligibilityCondition(Expression):
    """`DemandEligibility.q` as one SQL condition on the offers, written here rather than built from Q objects.

    The condition has a few hundred parameters (the zones, the typologies, the landlords with a policy of their own):
    as Q objects, Django resolved and compiled every lookup for every query of the page (about a fifth of the
    request's CPU, issue #13). Here its columns are compiled (the offer's table alias, the effort_cost expression) and
    the comparisons are joined as text (tests/eligibility/test_sql_agrees_with_rules.py checks that it lets through
    exactly the offers `check_offer` finds eligible, on SQLite and PostgreSQL). No column it reads is nullable, so
    `exclude()` (NOT) gives exactly the other offers."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, eligibility: DemandEligibility):
        super().__init__()
        self.eligibility = eligibility
        self.columns = [F(name) for name in (*_CONDITION_COLUMNS, "effort_cost")]

    @property
    def identity(self):
        return (type(self), id(self.eligibility))

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        compiled = [compiler.compile(column) for column in self.columns]
        (*columns, (effort, effort_params)) = compiled
        col = dict(zip(_CONDITION_COLUMNS, (sql for sql, _params in columns), strict=True))
        income, typologies, (default_max, custom_ids, by_amount), private_income, accessible = (
            self.eligibility.sql_parts
        )
        params: list = []

        def among(column: str, values) -> str:
            params.extend(values)
            return f"{col[column]} IN ({', '.join(['%s'] * len(values))})"

        def equals(column: str, value) -> str:
            params.append(value)
            return f"{col[column]} = %s"

        def at_most(maximum) -> str:
            params.extend(effort_params)
            params.append(maximum)
            return f"{effort} <= %s"

        def either(parts: list[str]) -> str | None:
            return None if not parts else parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

        def income_sql(groups) -> str | None:
            return either(
                [
                    f"({equals('financing', programme)} AND {among(column, zones)})"
                    for programme, column, zones in groups
                    if zones  # an empty IN lets nothing through, as Django's empty `__in`
                ]
            )

        branches = []
        social = [equals("channel", "social")]
        social.append(income_sql(income))
        if social[-1] is not None:
            social.append(among("typology", typologies) if typologies else None)
        if social[-1] is not None:
            payable = []
            if default_max is not None:
                payable.append(
                    f"({at_most(default_max)} AND NOT ({among('landlord_id', custom_ids)}))"
                    if custom_ids
                    else at_most(default_max)
                )
            for maximum, ids in by_amount:
                payable.append(f"({among('landlord_id', ids)} AND {at_most(maximum)})")
            social.append(either(payable))
        if social[-1] is not None:
            branches.append("(" + " AND ".join(social) + ")")
        else:
            del params[:]  # the social side lets nothing through: none of its parameters is used
        channel, free = equals("channel", "private"), equals("financing", "FREE")
        lli = income_sql(private_income)
        branches.append(f"({channel} AND ({free} OR {lli}))" if lli else f"({channel} AND {free})")
        sql = either(branches)
        if accessible:
            sql = f"({sql} AND {col['is_accessible']})"
        return sql, params
