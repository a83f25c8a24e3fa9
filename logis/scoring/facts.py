"""From a Demand (its register snapshot and "Les informations") and an offer to the facts of the cotation.

The register's record, as imported into `Demand.snapshot` by logis.demands.services.record_snapshot, gives the
current housing, the motifs, the contract and the filing date. The household is read from its one
representation, `Demand.household`, through `logis.demands.household.household_of` — the adapter the eligibility
rules use too, so that both see the same household. The readings (which current housing means « hébergé »,
when a dwelling is overcrowded…) are in data/facts.toml with their sources. The employer's weights come from
logis.employers.selectors.
"""

import datetime as dt
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from logis.demands.household import household_of, own_income_of
from logis.employers.models import Agreement
from logis.employers.selectors import employee_staff_category, employer_priorities
from logis.geo.distance import haversine_km
from logis.geo.models import Commune
from logis.organizations.models import Organization
from logis.rules.ceilings import Ceiling, Programme
from logis.rules.household import Household, Relation, household_category
from logis.rules.income import TaxHousehold, reference_income
from logis.rules.tables import RuleTables
from logis.rules.zones import UnknownCommune, departement_of, social_zone
from logis.scoring.grid import DemandFacts

FACTS_FILE = Path(__file__).resolve().parent / "data" / "facts.toml"


@functools.cache
def parameters() -> dict:
    with FACTS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


def months_between(start: dt.date | None, end: dt.date) -> int | None:
    """Whole months from `start` to `end` (0 when `start` is later)."""
    if start is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def filed_on(demand) -> dt.date | None:
    """The filing date of the demand in the register (renewals keep it)."""
    return parse_date((demand.snapshot or {}).get("filed_at"))


def _favours_categories(priorities: dict) -> bool:
    return bool(priorities.get("category_points")) and bool(priorities.get("staff_categories"))


@functools.lru_cache(maxsize=4)
def _tables_in_force(today: dt.date) -> RuleTables:
    return RuleTables.in_force(today)


@dataclass
class FactsContext:
    """What is shared by the facts of many demands scored on the same day (tables, employers' weights)."""

    today: dt.date
    tables: RuleTables | None = None
    _priorities: dict = field(default_factory=dict)
    _ceilings: dict = field(default_factory=dict)
    _communes: dict = field(default_factory=dict)
    _categories: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.tables is None:
            self.tables = _tables_in_force(self.today)

    def preload(self, demands) -> None:
        """Fetch the workplaces and employers of many demands in two queries (instead of one per demand)."""
        demands = list(demands)
        communes = {d.workplace_commune_id for d in demands if d.workplace_commune_id} - set(self._communes)
        if communes:
            self._communes.update(Commune.objects.only("insee", "lat", "lng").in_bulk(communes))
        employers = {d.employer_id for d in demands if d.employer_id} - set(self._priorities)
        for organization in Organization.objects.filter(pk__in=employers):
            self._priorities[organization.pk] = employer_priorities(organization) or {}
        # Staff categories matter only for employers that favour some: read them in one query.
        wanted = [d.pk for d in demands if d.pk not in self._categories and _favours_categories(self.priorities(d))]
        if wanted:
            found = dict(
                Agreement.objects.filter(demand_id__in=wanted, handler=Agreement.Handler.EMPLOYER).values_list(
                    "demand_id", "staff_category"
                )
            )
            self._categories.update({pk: found.get(pk) or "" for pk in wanted})

    def staff_category(self, demand) -> str:
        """The employee's category of staff as the employer's HR recorded it ("" when unknown)."""
        if demand.pk not in self._categories:
            self._categories[demand.pk] = employee_staff_category(demand)
        return self._categories[demand.pk]

    def workplace(self, demand):
        if not demand.workplace_commune_id:
            return None
        if demand.workplace_commune_id not in self._communes:
            self._communes[demand.workplace_commune_id] = demand.workplace_commune
        return self._communes[demand.workplace_commune_id]

    def priorities(self, demand) -> dict:
        if not demand.employer_id:
            return {}
        if demand.employer_id not in self._priorities:
            self._priorities[demand.employer_id] = employer_priorities(demand.employer) or {}
        return self._priorities[demand.employer_id]

    def plai_ceiling(self, zone: str, category: int, extra: int) -> Ceiling:
        key = (zone, category, extra)
        if key not in self._ceilings:
            self._ceilings[key] = self.tables.social.ceiling(Programme.PLAI, zone, category, extra)
        return self._ceilings[key]


def _overcrowded(snapshot: dict) -> str | None:
    """Why the current dwelling is overcrowded, or None when it is not."""
    rules = parameters()["overcrowding"]
    surface, occupants = snapshot.get("current_surface"), snapshot.get("current_occupants") or 1
    if not surface:
        if parameters()["situation"]["too_small_reason"] in (snapshot.get("reasons") or []):
            return "Motif « logement trop petit » de la demande"
        return None
    if occupants <= 1:
        needed = rules["one_person_m2"]
    else:
        needed = min(rules["two_persons_m2"] + (occupants - 2) * rules["per_extra_person_m2"], rules["max_m2"])
    if surface >= needed:
        return None
    people = f"{occupants} occupant{'s' if occupants > 1 else ''}"
    return f"Logement actuel de {surface}\u00a0m² pour {people}, moins que les {needed}\u00a0m² du seuil de peuplement"


def _income_under_plai(demand, household: Household, insee, departement, context: FactsContext) -> str | None:
    """Why the household's income is under the PLAI ceiling of the zone, or None when it is not (or unknown)."""
    if not insee:
        return None
    try:
        zone = social_zone(insee, departement, zones=context.tables.zones).value
    except UnknownCommune:
        return None
    category = household_category(household, context.today, context.tables.parameters.household)
    income = reference_income(
        (TaxHousehold(rfr_n2=demand.reference_income, rfr_n1=demand.rfr_n1),),
        year=context.today.year,
        n1_exception=context.tables.social.n1_exception,
        params=context.tables.parameters.income,
        own_income=own_income_of(demand),
    )
    ceiling = context.plai_ceiling(zone, category.category, category.extra_persons)
    if income.amount > ceiling.amount:
        return None
    return f"{income.label} ≤ {ceiling.label}"


def _situation_facts(snapshot: dict) -> dict:
    """Facts of the current housing and of the motifs of the demand (register record)."""
    situation = parameters()["situation"]
    reasons = set(snapshot.get("reasons") or [])
    housing = snapshot.get("current_housing", "")
    homeless = housing in situation["homeless"]
    temporary = housing in situation["temporary_housing"]
    hosted = housing in situation["hosted"] or (
        situation["no_housing_reason"] in reasons and not (homeless or temporary)
    )
    return {
        "domestic_violence": situation["violence_reason"] in reasons,
        "homeless": homeless,
        "hosted": hosted,
        "temporary_housing": temporary,
        "eviction_threat": situation["eviction_reason"] in reasons,
        "substandard_housing": situation["substandard_reason"] in reasons,
        "disability_reason": situation["disability_reason"] in reasons,
    }


def _household_facts(household: Household) -> dict:
    """Facts of the household, from the one representation of logis.demands.household."""
    children = sum(1 for p in household.people if p.relation == Relation.CHILD and p.is_dependant)
    couple = any(p.relation in (Relation.SPOUSE, Relation.CO_APPLICANT) for p in household.people[1:])
    return {
        "single_parent": not couple and children > 0,
        "large_family": children >= parameters()["household"]["large_family_min_children"],
        "household_size": household.size,
    }


def _employer_facts(demand, context: FactsContext) -> dict:
    """The employer's priorities for its employees (points it chose, within the grid's caps)."""
    priorities = context.priorities(demand)
    if not priorities:
        return {}
    facts = {
        "employer_permanent_contract_points": int(priorities.get("permanent_contract_points") or 0),
        "employer_seniority_points": int(priorities.get("seniority_points") or 0),
        "employer_min_seniority_months": int(priorities.get("min_seniority_months") or 0),
        "employer_category_points": int(priorities.get("category_points") or 0),
    }
    if _favours_categories(priorities):
        facts["in_employer_priority_category"] = context.staff_category(demand) in priorities["staff_categories"]
    return facts


def _offer_facts(demand, offer, wished: list[str], context: FactsContext) -> dict:
    """Facts of the demand scored for one offer: wished place and type, distance to work, taux d'effort."""
    facts = {
        "offer_in_wished_commune": offer.commune_id in wished,
        "offer_in_wished_departement": offer.departement in {_departement(code) for code in wished},
    }
    typologies = demand.wished_typologies or []
    kind = demand.wished_kind or "any"
    facts["housing_type_matches"] = (not typologies or offer.typology in typologies) and (
        kind == "any" or kind == offer.kind
    )
    workplace = context.workplace(demand)
    if workplace is not None:
        facts["distance_to_work_km"] = round(haversine_km(offer.lat, offer.lng, workplace.lat, workplace.lng), 1)
    if (demand.monthly_resources or 0) > 0:
        facts["effort_rate"] = float(offer.rent + offer.charges) / demand.monthly_resources
    return facts


def demand_facts(demand, offer=None, *, context: FactsContext) -> DemandFacts:
    """The facts of `demand`, scored for `offer` when given (distance, sector, taux d'effort, typology)."""
    snapshot = demand.snapshot or {}
    today = context.today
    household = household_of(demand, today)  # the same household as the eligibility rules see
    situation = _situation_facts(snapshot)
    resources = demand.monthly_resources or 0
    current_rent = snapshot.get("current_rent")
    facts = {
        **{key: value for key, value in situation.items() if key != "disability_reason"},
        **_household_facts(household),
        "disability": household.has_disabled_member or situation["disability_reason"],
        "current_effort_rate": current_rent / resources if current_rent and resources > 0 else None,
        "seniority_months": months_between(filed_on(demand), today) or 0,
        "permanent_contract": snapshot.get("contract_type") in parameters()["employment"]["permanent_contract_types"],
        "company_seniority_months": months_between(demand.employment_start, today),
        **_employer_facts(demand, context),
    }
    wished = [str(code) for code in demand.wished_communes or snapshot.get("wished_communes") or []]
    if offer is not None:
        facts.update(_offer_facts(demand, offer, wished, context))
        insee, departement = offer.commune_id, offer.departement
    else:
        insee = wished[0] if wished else (demand.workplace_commune_id or "")
        departement = None
    details = {}
    overcrowded = _overcrowded(snapshot)
    if overcrowded:
        facts["overcrowded"] = True
        details["overcrowded"] = overcrowded
    under_plai = _income_under_plai(demand, household, insee, departement, context)
    if under_plai:
        facts["income_under_plai"] = True
        details["income_under_plai"] = under_plai
    seniority = facts["company_seniority_months"]
    if seniority is not None and facts.get("employer_seniority_points"):
        details["employer_seniority_reached"] = (
            f"{seniority}\u00a0mois dans l'entreprise (minimum fixé par l'employeur : "
            f"{facts['employer_min_seniority_months']}\u00a0mois)"
        )
    return DemandFacts(**facts, details=details)


def _departement(insee: str) -> str:
    try:
        return departement_of(insee)
    except UnknownCommune:
        return ""
