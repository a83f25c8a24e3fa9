"""The taux d'effort as the arrêté of 10 March 2011 defines it (CCH R441-3-1), every term shown.

Numerator, per month — the costs of the dwelling:
    loyer principal (`OfferCosts.rent`)
  + loyer des annexes: parking, garage, garden… (`annex_rent`)
  + charges récupérables (L442-3 CCH) (`charges`)
  + contribution of the tenant to the energy-saving works of the landlord (« troisième ligne de quittance »,
    `energy_contribution`)
  + when water or heating is individual, a flat charge that takes account of the size of the dwelling and of
    the number of occupants (`individual_flat_charge`, set by the landlord on the offer: the arrêté gives the
    principle, not an amount)
  − the housing benefit (APL / AL) the household would receive (`HousingBenefit`).
Denominator: the monthly resources of every person who will live in the home (L442-12 CCH).

The housing benefit is an input. `HousingBenefit(amount, source, note)` is an estimate made elsewhere (the
housing-benefit estimator of the aids issue feeds it: `logis.eligibility.services.offer_verdict` passes it to
`check_offer(..., housing_benefit=...)`). When no estimate exists, pass `None`: the term is 0 € and the verdict
says so (`NO_ESTIMATE_NOTE`), so that no one reads a rate without benefit as a rate with it.

The maximum rate is a landlord's policy, not law (`logis.rules.offer.LandlordPolicy`). Pure: standard library.
"""

from dataclasses import dataclass
from decimal import Decimal

from logis.rules.formatting import euros

NO_ESTIMATE_NOTE = (
    f"aucune estimation d'aide au logement n'est disponible pour ce ménage : {euros(0)} retenu, le taux réel sera "
    "plus bas si le ménage y a droit"
)
SOURCE = "Arrêté du 10 mars 2011 fixant la méthode de calcul du taux d'effort (article R441-3-1 du CCH)"


def _money(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class HousingBenefit:
    """An estimate of the monthly housing benefit (APL or AL) for this household in this dwelling."""

    amount: Decimal
    source: str = "estimation"
    note: str = ""

    def __post_init__(self):
        amount = _money(self.amount)
        if amount < 0:
            raise ValueError("Une aide au logement ne peut pas être négative.")
        object.__setattr__(self, "amount", amount)


@dataclass(frozen=True)
class OfferCosts:
    """The monthly costs of a dwelling that enter the taux d'effort (the offer's fields)."""

    rent: Decimal
    charges: Decimal
    annex_rent: Decimal = Decimal(0)
    energy_contribution: Decimal = Decimal(0)
    individual_water: bool = False
    individual_heating: bool = False
    individual_flat_charge: Decimal = Decimal(0)

    def __post_init__(self):
        for name in ("rent", "charges", "annex_rent", "energy_contribution", "individual_flat_charge"):
            value = _money(getattr(self, name))
            if value < 0:
                raise ValueError(f"Montant négatif : {name}.")
            object.__setattr__(self, name, value)

    @property
    def flat_charge_applies(self) -> bool:
        return self.individual_water or self.individual_heating


@dataclass(frozen=True)
class Term:
    """One term of the taux d'effort: a French label, its amount (€ per month) and its sign (+1 / −1)."""

    code: str
    label: str
    amount: Decimal
    sign: int = 1


def cost_terms(costs: OfferCosts, benefit: HousingBenefit | None) -> tuple[Term, ...]:
    """Every term of the numerator, in the order of the arrêté (zero terms included: the verdict shows them all)."""
    what = " et ".join(
        name for flag, name in ((costs.individual_water, "eau"), (costs.individual_heating, "chauffage")) if flag
    )
    flat = costs.individual_flat_charge if costs.flat_charge_applies else Decimal(0)
    flat_label = f"forfait {what} individuels" if what else "forfait eau/chauffage individuels (sans objet)"
    benefit_amount = benefit.amount if benefit is not None else Decimal(0)
    benefit_label = "aide au logement estimée" if benefit is not None else "aide au logement (non estimée)"
    return (
        Term("rent", "loyer principal", costs.rent),
        Term("annex_rent", "loyer des annexes", costs.annex_rent),
        Term("charges", "charges récupérables", costs.charges),
        Term("energy_contribution", "contribution aux travaux d'économie d'énergie", costs.energy_contribution),
        Term("individual_flat_charge", flat_label, flat),
        Term("housing_benefit", benefit_label, benefit_amount, -1),
    )


def housing_cost(costs: OfferCosts, benefit: HousingBenefit | None) -> Decimal:
    """The numerator of the taux d'effort, in euros per month."""
    return sum((term.sign * term.amount for term in cost_terms(costs, benefit)), Decimal(0))


def formula_text(costs: OfferCosts, benefit: HousingBenefit | None, monthly_resources) -> str:
    """« (loyer principal 450 € + loyer des annexes 0 € + … − aide au logement estimée 120 €) ÷ ressources
    mensuelles du foyer 2 000 € », with the note on the housing benefit."""
    parts = []
    for index, term in enumerate(cost_terms(costs, benefit)):
        sign = "" if index == 0 else (" − " if term.sign < 0 else " + ")
        parts.append(f"{sign}{term.label} {euros(term.amount)}")
    text = f"({''.join(parts)}) ÷ ressources mensuelles du foyer {euros(_money(monthly_resources))}"
    if benefit is None:
        return f"{text} ; {NO_ESTIMATE_NOTE}"
    if benefit.note:
        return f"{text} ; aide au logement : {benefit.source}, {benefit.note}"
    return f"{text} ; aide au logement : {benefit.source}"
