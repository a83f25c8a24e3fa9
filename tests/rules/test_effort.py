"""The taux d'effort of the arrêté of 10 March 2011: every term of the numerator, the housing benefit as an input."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from logis.rules.ceilings import Programme
from logis.rules.effort import NO_ESTIMATE_NOTE, HousingBenefit, OfferCosts, cost_terms, housing_cost
from logis.rules.household import Household, Person, Relation
from logis.rules.income import TaxHousehold
from logis.rules.offer import Candidate, OfferFacts, check_offer, housing_cost_cents
from logis.rules.tables import RuleTables

NBSP = "\u00a0"
TODAY = date(2026, 3, 15)
TABLES = RuleTables.in_force(TODAY)
ALONE = Household(people=(Person(date(1990, 1, 1), Relation.APPLICANT),))
CANDIDATE = Candidate(household=ALONE, tax_households=(TaxHousehold(20000),), monthly_resources=Decimal("2000"))
# A T2 in Lyon with a parking space (40 €), an energy-works contribution (12 €) and individual heating.
OFFER = OfferFacts(
    financing=Programme.PLUS,
    insee="69123",
    typology="T2",
    rent=Decimal("480"),
    charges=Decimal("55"),
    annex_rent=Decimal("40"),
    energy_contribution=Decimal("12"),
    individual_heating=True,
    individual_flat_charge=Decimal("45"),
)


def test_the_numerator_adds_every_cost_term_of_the_arrete_and_subtracts_the_benefit():
    benefit = HousingBenefit(Decimal("150"), source="estimation APL Logis")
    # 480 + 40 + 55 + 12 + 45 − 150 = 482 €
    assert housing_cost(OFFER.costs, benefit) == Decimal("482")
    assert [(t.code, t.sign * t.amount) for t in cost_terms(OFFER.costs, benefit)] == [
        ("rent", Decimal("480")),
        ("annex_rent", Decimal("40")),
        ("charges", Decimal("55")),
        ("energy_contribution", Decimal("12")),
        ("individual_flat_charge", Decimal("45")),
        ("housing_benefit", Decimal("-150")),
    ]


def test_the_flat_charge_counts_only_when_water_or_heating_is_individual():
    collective = replace(OFFER, individual_heating=False)
    assert housing_cost(collective.costs, None) == Decimal("587")
    water = replace(OFFER, individual_heating=False, individual_water=True)
    assert housing_cost(water.costs, None) == Decimal("632")
    assert "forfait eau individuels" in [t.label for t in cost_terms(water.costs, None)][4]


def test_the_verdict_shows_every_term_and_the_source():
    check = check_offer(
        CANDIDATE, OFFER, tables=TABLES, today=TODAY, housing_benefit=HousingBenefit(Decimal("150"), "estimation APL")
    ).check("effort_rate")
    assert check.passed
    for words in (
        f"loyer principal 480{NBSP}€",
        f"loyer des annexes 40{NBSP}€",
        f"charges récupérables 55{NBSP}€",
        f"contribution aux travaux d'économie d'énergie 12{NBSP}€",
        f"forfait chauffage individuels 45{NBSP}€",
        f"aide au logement estimée 150{NBSP}€",
        "ressources mensuelles du foyer 2",
        "aide au logement : estimation APL",
    ):
        assert words in check.message
    assert check.message.startswith(f"Taux d'effort : 24,1{NBSP}%")  # 482 / 2 000
    assert check.figures["housing_cost"] == Decimal("482")
    assert "10 mars 2011" in check.figures["source"]


def test_without_an_estimate_the_benefit_is_zero_and_the_verdict_says_so():
    check = check_offer(CANDIDATE, OFFER, tables=TABLES, today=TODAY).check("effort_rate")
    assert NO_ESTIMATE_NOTE in check.message
    assert check.figures["housing_benefit_estimated"] is False
    assert check.figures["housing_cost"] == Decimal("632")


def test_a_negative_amount_is_refused():
    with pytest.raises(ValueError, match="négative"):
        HousingBenefit(Decimal("-1"))
    with pytest.raises(ValueError, match="annex_rent"):
        OfferCosts(rent=Decimal(1), charges=Decimal(0), annex_rent=Decimal("-5"))


money = st.decimals(min_value=0, max_value=3000, places=2)


@given(rent=money, annex=money, charges=money, energy=money, flat=money, water=st.booleans(), heating=st.booleans())
def test_the_cents_of_the_rules_equal_the_sum_of_the_terms(rent, annex, charges, energy, flat, water, heating):
    offer = replace(
        OFFER, rent=rent, annex_rent=annex, charges=charges, energy_contribution=energy,
        individual_water=water, individual_heating=heating, individual_flat_charge=flat,
    )  # fmt: skip
    assert Decimal(housing_cost_cents(offer)) / 100 == housing_cost(offer.costs, None)
