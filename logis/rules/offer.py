"""Eligibility of one household to one offer, every rule explained with its figures.

Rules:
1. income: reference income (`income.reference_income`) ≤ the ceiling of the offer's financing (PLAI, PLUS, PLS:
   social zone and household category; LLI: ABC zone and household line) in force on `today`;
2. typology: the offer's typology suits the household size (platform policy, `typology`);
3. ability to pay — taux d'effort: (rent + rent of annexes + recoverable charges + energy-works contribution
   + flat charge when water or heating is individual − estimated housing benefit) ÷ monthly resources ≤ the
   landlord's maximum (default 0.33). Formula of the arrêté du 10 mars 2011 (R441-3-1 CCH), every term in
   `logis.rules.effort`; the threshold is practice, not law, hence a per-landlord parameter. The housing benefit
   (APL/AL) is an estimate given by the caller (`effort.HousingBenefit`; None: 0 € and the verdict says so);
4. ability to pay — reste à vivre: (monthly resources − the same housing cost) ÷ units of
   consumption ≥ the landlord's floor (default 0 €). Units of consumption follow the modified OECD scale
   (1 for the first adult, 0.5 per other person aged 14 or more, 0.3 per child under 14): a statistical
   convention (INSEE), not a legal rule;
5. accessibility: a household that needs an accessible dwelling is offered only accessible ones.

All money comparisons are exact (integer cents and fractions), so that the vectorised path of the benchmarks
(`benchmarks/eligibility_bulk.py`) gives the same booleans.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from logis.rules.ceilings import Ceiling, Programme
from logis.rules.effort import HousingBenefit, OfferCosts, cost_terms, formula_text, housing_cost
from logis.rules.formatting import UNIT_SEPARATOR, euros, number, percent, plural
from logis.rules.household import Household, household_category, intermediate_line
from logis.rules.income import OwnIncome, ReferenceIncome, TaxHousehold, reference_income
from logis.rules.parameters import AbilityToPayParameters, load_parameters
from logis.rules.tables import RuleTables
from logis.rules.typology import TYPOLOGIES
from logis.rules.verdict import Check, Verdict
from logis.rules.zones import UnknownCommune, abc_zone, social_zone


def to_cents(value) -> int:
    """Euros (Decimal, int, str or float) → integer cents, rounded half up."""
    amount = value if isinstance(value, Decimal) else Decimal(str(value))
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LandlordPolicy:
    """A landlord's ability-to-pay thresholds. `max_effort_rate` has at most 4 decimals (basis points)."""

    max_effort_rate: Decimal
    min_reste_a_vivre_per_uc: Decimal

    def __post_init__(self):
        rate = Decimal(str(self.max_effort_rate))
        if not 0 < rate <= 1 or rate != rate.quantize(Decimal("0.0001")):
            raise ValueError("Le taux d'effort maximum est une fraction entre 0 et 1, à 4 décimales au plus.")
        object.__setattr__(self, "max_effort_rate", rate)
        object.__setattr__(self, "min_reste_a_vivre_per_uc", Decimal(str(self.min_reste_a_vivre_per_uc)))

    @classmethod
    def default(cls, params: AbilityToPayParameters | None = None) -> "LandlordPolicy":
        params = params or load_parameters().ability_to_pay
        return cls(
            max_effort_rate=params.default_max_effort_rate,
            min_reste_a_vivre_per_uc=params.default_min_reste_a_vivre_per_uc,
        )

    @property
    def max_effort_basis_points(self) -> int:
        return int(self.max_effort_rate * 10000)


@dataclass(frozen=True)
class OfferFacts:
    """What the rules need to know about an offer."""

    financing: Programme
    insee: str
    typology: str
    rent: Decimal
    charges: Decimal
    is_accessible: bool = False
    departement: str | None = None
    surface: Decimal | None = None
    # The other terms of the taux d'effort (arrêté du 10 mars 2011, logis.rules.effort).
    annex_rent: Decimal = Decimal(0)
    energy_contribution: Decimal = Decimal(0)
    individual_water: bool = False
    individual_heating: bool = False
    individual_flat_charge: Decimal = Decimal(0)

    def __post_init__(self):
        object.__setattr__(self, "financing", Programme(self.financing))
        if self.typology not in TYPOLOGIES:
            raise ValueError(f"Typologie inconnue : {self.typology}")

    @property
    def costs(self) -> OfferCosts:
        return OfferCosts(
            rent=self.rent,
            charges=self.charges,
            annex_rent=self.annex_rent,
            energy_contribution=self.energy_contribution,
            individual_water=self.individual_water,
            individual_heating=self.individual_heating,
            individual_flat_charge=self.individual_flat_charge,
        )


@dataclass(frozen=True)
class Candidate:
    """What the rules need to know about a household applying to offers."""

    household: Household
    tax_households: tuple[TaxHousehold, ...]
    monthly_resources: Decimal
    needs_accessibility: bool = False
    # An exception of the texts: only the applicant's own income counts once its piece is provided.
    own_income: OwnIncome | None = None


def units_of_consumption(household: Household, today: date, params: AbilityToPayParameters | None = None) -> Fraction:
    """Modified OECD scale (a convention): 1 for the applicant, 0.5 per other person aged 14 or more,
    0.3 per child under 14 (ages on `today`)."""
    params = params or load_parameters().ability_to_pay
    total = Fraction(params.uc_first_adult)
    for person in household.people[1:]:
        young = person.age_on(today) < params.uc_child_age_limit
        total += Fraction(params.uc_child_under_14 if young else params.uc_other_person_14_or_more)
    return total


def zone_for(programme: Programme, insee: str, departement: str | None, tables: RuleTables) -> str:
    """The zone key of the ceilings of `programme` for the commune `insee` (raises `UnknownCommune`)."""
    if Programme(programme).is_social:
        return social_zone(insee, departement, zones=tables.zones).value
    return abc_zone(insee, zones=tables.zones).intermediate_column.value


def category_for(programme: Programme, household: Household, today: date, tables: RuleTables) -> tuple[int, int]:
    """(category, extra persons) of `household` for the ceilings of `programme`."""
    if Programme(programme).is_social:
        category = household_category(household, today, tables.parameters.household)
        return category.category, category.extra_persons
    line = intermediate_line(household)
    return line.line, line.extra_dependants


def check_income(
    candidate: Candidate, offer: OfferFacts, *, tables: RuleTables, today: date
) -> tuple[Check, Ceiling | None, ReferenceIncome | None]:
    table = tables.table_for(offer.financing)
    if table is None:
        return (
            Check(
                "income_ceiling",
                False,
                f"Aucun plafond de ressources {offer.financing.label} n'est disponible : l'éligibilité ne peut "
                "pas être vérifiée.",
            ),
            None,
            None,
        )
    try:
        zone = zone_for(offer.financing, offer.insee, offer.departement, tables)
    except UnknownCommune as error:
        return Check("income_ceiling", False, str(error), {"insee": offer.insee}), None, None
    category, extra = category_for(offer.financing, candidate.household, today, tables)
    ceiling = table.ceiling(offer.financing, zone, category, extra)
    income = reference_income(
        candidate.tax_households,
        year=today.year,
        n1_exception=table.n1_exception,
        params=tables.parameters.income,
        own_income=candidate.own_income,
    )
    figures = {
        "income": income.amount,
        "income_year": income.income_year,
        "income_basis": income.basis,
        "ceiling": ceiling.amount,
        "ceiling_year": ceiling.year,
        "programme": offer.financing.value,
        "zone": zone,
        "category": category,
        "extra_persons": extra,
        "ceiling_source": ceiling.description,
        "income_rule": income.rule,
        "income_exception": income.exception.value if income.exception else "",
        "income_exception_applied": income.exception_applied,
        "household_income": income.household_amount,
        "alternating_custody_children": candidate.household.alternating_custody_children,
    }
    sentence = f"{income.label} — {ceiling.label}"
    if candidate.household.alternating_custody_children:
        children = candidate.household.alternating_custody_children
        sentence += (
            f" (foyer de {plural(candidate.household.size, 'personne')} dont {plural(children, 'enfant')} en garde "
            "alternée, compté au foyer de chacun des parents : arrêté du 29 juillet 1987, article 1)"
        )
    if income.amount <= ceiling.amount:
        return Check("income_ceiling", True, f"{sentence}.", figures), ceiling, income
    excess = income.amount - ceiling.amount
    return (
        Check(
            "income_ceiling",
            False,
            f"{sentence} : les ressources dépassent le plafond de {euros(excess)}.",
            figures,
            remedy=_income_remedy(offer, income, zone, category, extra, tables=tables),
        ),
        ceiling,
        income,
    )


# The financing of the same zone with the next higher ceiling (PLS is PLUS + 30 %).
_HIGHER = {Programme.PLAI: Programme.PLUS, Programme.PLUS: Programme.PLS}


def _income_remedy(offer: OfferFacts, income: ReferenceIncome, zone, category, extra, *, tables: RuleTables) -> str:
    """The smallest change for an income over the ceiling: a financing with a higher ceiling, a lower N-1 income,
    the exceptions of the texts."""
    parts = []
    higher = _HIGHER.get(offer.financing)
    table = tables.table_for(higher) if higher else None
    if table is not None:
        ceiling = table.ceiling(higher, zone, category, extra)
        if income.amount <= ceiling.amount:
            parts.append(f"un logement financé en {higher.label} vous serait accessible ({ceiling.label})")
    if income.basis == "N-2" and offer.financing.is_social:
        drop = f"{income.threshold_percent}{UNIT_SEPARATOR}%"
        parts.append(
            f"si vos revenus {income.income_year + 1} ont baissé d'au moins {drop} par rapport à ceux de "
            f"{income.income_year}, ils seraient retenus à leur place"
        )
    if income.exception is None or not income.exception_applied:
        parts.append(
            "après un divorce, la fin d'un PACS, un veuvage ou des violences au sein du couple, seuls vos revenus "
            "comptent, avec la pièce qui le prouve"
        )
    return " ; ".join(parts) + "." if parts else ""


def check_typology(candidate: Candidate, offer: OfferFacts, *, tables: RuleTables) -> Check:
    size = candidate.household.size
    acceptable = tables.typologies.acceptable(size)
    figures = {"typology": offer.typology, "household_size": size, "acceptable": acceptable}
    people = plural(size, "personne")
    if offer.typology in acceptable:
        return Check("typology", True, f"Typologie {offer.typology} adaptée à un ménage de {people}.", figures)
    return Check(
        "typology",
        False,
        f"Typologie {offer.typology} : ne convient pas à un ménage de {people} (typologies retenues par la "
        f"plateforme : {', '.join(acceptable)}).",
        figures,
        remedy=f"un logement {' ou '.join(acceptable)} convient à votre foyer de {people}.",
    )


def as_benefit(housing_benefit) -> HousingBenefit | None:
    """None (no estimate), a `HousingBenefit`, or an amount given by the caller."""
    if housing_benefit is None or isinstance(housing_benefit, HousingBenefit):
        return housing_benefit
    return HousingBenefit(amount=housing_benefit, source="estimation fournie")


def housing_cost_cents(offer: OfferFacts, housing_benefit=None) -> int:
    """The numerator of the taux d'effort in cents: every cost term rounded to the cent, minus the benefit."""
    return sum(term.sign * to_cents(term.amount) for term in cost_terms(offer.costs, as_benefit(housing_benefit)))


def check_effort_rate(
    candidate: Candidate, offer: OfferFacts, *, policy: LandlordPolicy, housing_benefit=None
) -> Check:
    benefit = as_benefit(housing_benefit)
    cost = housing_cost_cents(offer, benefit)
    resources = to_cents(candidate.monthly_resources)
    maximum = Fraction(policy.max_effort_rate)
    formula = formula_text(offer.costs, benefit, candidate.monthly_resources)
    terms = cost_terms(offer.costs, benefit)
    figures = {
        "rent": offer.rent,
        "charges": offer.charges,
        "annex_rent": offer.annex_rent,
        "energy_contribution": offer.energy_contribution,
        "individual_flat_charge": next(t.amount for t in terms if t.code == "individual_flat_charge"),
        "housing_benefit": benefit.amount if benefit else Decimal(0),
        "housing_benefit_estimated": benefit is not None,
        "housing_cost": housing_cost(offer.costs, benefit),
        "terms": tuple((t.code, t.label, t.sign * t.amount) for t in terms),
        "monthly_resources": candidate.monthly_resources,
        "max_effort_rate": policy.max_effort_rate,
        "source": "Arrêté du 10 mars 2011 (article R441-3-1 du CCH)",
    }
    if resources <= 0:
        return Check(
            "effort_rate",
            False,
            f"Taux d'effort : non calculable, ressources mensuelles de {euros(candidate.monthly_resources)}.",
            figures,
        )
    rate = Decimal(cost) / Decimal(resources)
    figures["effort_rate"] = rate
    sentence = (
        f"Taux d'effort : {percent(rate)} — {formula} ; maximum retenu : {percent(policy.max_effort_rate, None)}"
    )
    if cost * maximum.denominator <= maximum.numerator * resources:
        return Check("effort_rate", True, f"{sentence}.", figures)
    max_cost = Decimal(maximum.numerator * resources // maximum.denominator) / 100
    min_resources = Decimal(-(-cost * maximum.denominator // maximum.numerator)) / 100
    remedy = (
        f"un coût mensuel du logement d'au plus {euros(max_cost)} (loyer, annexes et charges, aide au logement "
        f"déduite), ou des ressources mensuelles d'au moins {euros(min_resources)}"
    )
    if benefit is None:
        remedy += " ; une aide au logement (APL) réduirait ce coût : faites-en l'estimation"
    return Check(
        "effort_rate",
        False,
        f"{sentence} : le loyer est trop élevé pour les ressources.",
        figures,
        remedy=f"{remedy}.",
    )


def check_reste_a_vivre(
    candidate: Candidate,
    offer: OfferFacts,
    *,
    policy: LandlordPolicy,
    today: date,
    housing_benefit=None,
    params: AbilityToPayParameters | None = None,
) -> Check:
    units = units_of_consumption(candidate.household, today, params)
    remaining = to_cents(candidate.monthly_resources) - housing_cost_cents(offer, housing_benefit)
    floor = to_cents(policy.min_reste_a_vivre_per_uc)
    per_unit = Decimal(remaining) / 100 / (Decimal(units.numerator) / Decimal(units.denominator))
    units_text = number(Decimal(units.numerator) / Decimal(units.denominator), 1)
    figures = {
        "reste_a_vivre": Decimal(remaining) / 100,
        "units_of_consumption": Decimal(units.numerator) / Decimal(units.denominator),
        "reste_a_vivre_per_uc": per_unit.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        "min_reste_a_vivre_per_uc": policy.min_reste_a_vivre_per_uc,
    }
    sentence = (
        f"Reste à vivre : {euros(per_unit, 0)} par mois et par unité de consommation "
        f"({euros(Decimal(remaining) / 100, 0)} ÷ {units_text} UC) ; minimum retenu : "
        f"{euros(policy.min_reste_a_vivre_per_uc, 0)}"
    )
    if remaining * units.denominator >= floor * units.numerator:
        return Check("reste_a_vivre", True, f"{sentence}.", figures)
    resources = to_cents(candidate.monthly_resources)
    max_cost = Decimal(resources + (-floor * units.numerator) // units.denominator) / 100
    remedy = (
        f"un coût mensuel du logement d'au plus {euros(max(max_cost, Decimal(0)))} (aide au logement déduite)."
        if max_cost > 0
        else ""
    )
    return Check("reste_a_vivre", False, f"{sentence} : le reste à vivre est insuffisant.", figures, remedy=remedy)


def check_accessibility(candidate: Candidate, offer: OfferFacts) -> Check:
    figures = {"needs_accessibility": candidate.needs_accessibility, "is_accessible": offer.is_accessible}
    if not candidate.needs_accessibility:
        return Check("accessibility", True, "Aucun besoin d'accessibilité n'est indiqué.", figures)
    if offer.is_accessible:
        return Check("accessibility", True, "Le logement est accessible, comme le ménage en a besoin.", figures)
    return Check(
        "accessibility",
        False,
        "Le ménage a besoin d'un logement accessible ; ce logement n'est pas déclaré accessible.",
        figures,
        remedy="un logement déclaré accessible aux personnes à mobilité réduite.",
    )


def check_offer(
    candidate: Candidate,
    offer: OfferFacts,
    *,
    tables: RuleTables,
    today: date,
    policy: LandlordPolicy | None = None,
    housing_benefit: HousingBenefit | Decimal | None = None,
) -> Verdict:
    """Whether `candidate` may be offered `offer` on `today`, every rule explained with its figures."""
    policy = policy or LandlordPolicy.default(tables.parameters.ability_to_pay)
    income_check, ceiling, _ = check_income(candidate, offer, tables=tables, today=today)
    checks = [
        income_check,
        check_typology(candidate, offer, tables=tables),
        check_effort_rate(candidate, offer, policy=policy, housing_benefit=housing_benefit),
        check_reste_a_vivre(
            candidate,
            offer,
            policy=policy,
            today=today,
            housing_benefit=housing_benefit,
            params=tables.parameters.ability_to_pay,
        ),
        check_accessibility(candidate, offer),
    ]
    return Verdict.from_checks(checks, warnings=_ceiling_warnings(ceiling, today))


def _ceiling_warnings(ceiling: Ceiling | None, today: date) -> Iterable[Check]:
    if ceiling is None:
        return []
    warnings = []
    if ceiling.year != today.year:
        warnings.append(
            Check(
                "ceiling_year",
                True,
                f"Plafonds {today.year} non disponibles pour ce financement : plafonds {ceiling.year} appliqués.",
                {"ceiling_year": ceiling.year},
            )
        )
    if ceiling.derived:
        warnings.append(
            Check(
                "ceiling_derived",
                True,
                "Plafond calculé par la plateforme à partir de valeurs publiées, en attente de vérification "
                "sur le texte officiel.",
                {"ceiling_source": ceiling.description},
            )
        )
    if ceiling.secondary:
        warnings.append(
            Check(
                "ceiling_secondary",
                True,
                "Plafond lu dans des sources secondaires (presse spécialisée, notaires) : aucune copie officielle "
                "n'a été trouvée ; le bailleur vérifie le plafond en vigueur.",
                {"ceiling_source": ceiling.description},
            )
        )
    return warnings


PRIVATE_FREE_RENT_MESSAGE = (
    "Location du parc privé à loyer libre : aucune condition de ressources ni règle du logement social ; le "
    "propriétaire ou l'agence choisit son locataire sur le dossier que vous lui partagez."
)


def check_private_offer(candidate: Candidate, offer: OfferFacts | None, *, tables: RuleTables, today: date) -> Verdict:
    """A private letting (issue #19): none of the social rules (typology, taux d'effort, reste à vivre). An
    intermediate rent (`offer` financed LLI) keeps the income ceiling of intermediate housing of its zone; a free
    rent (`offer` None) has no condition at all."""
    if offer is None:
        return Verdict.from_checks([Check("private_free_rent", True, PRIVATE_FREE_RENT_MESSAGE)])
    income, _ceiling, _reference = check_income(candidate, offer, tables=tables, today=today)
    return Verdict.from_checks([income])
