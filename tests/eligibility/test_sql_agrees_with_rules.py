"""The SQL predicate of "Mes offres" lets through exactly the offers the pure rules find eligible."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from logis.eligibility.models import LandlordPolicy
from logis.eligibility.selectors import DemandEligibility
from logis.offers.models import ability_cost_expression
from logis.offers.selectors import _annotated
from tests.factories import CommuneFactory, DemandFactory, OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)
TYPOLOGIES = ["T1", "T2", "T3", "T4", "T5", "T6"]


def _communes():
    return [
        CommuneFactory(paris=True),  # paris_limitrophes, A bis
        CommuneFactory(),  # Lyon: autres, A
        CommuneFactory(grenoble=True),  # autres, B1
        CommuneFactory(insee="77288", name="Meaux", departement="77", region="11", postal_code="77100"),  # idf
        CommuneFactory(insee="92012", name="Boulogne-Billancourt", departement="92", region="11"),  # limitrophe
        CommuneFactory(insee="23096", name="Guéret", departement="23", region="75", postal_code="23000"),  # C
    ]


def _household(rng: random.Random, size: int) -> list[dict]:
    couple = size >= 2 and rng.random() < 0.6
    people = [{"birth_date": f"{rng.randint(1965, 2003)}-03-15", "relation": "demandeur"}]
    if couple:
        people.append({"birth_date": f"{rng.randint(1965, 2003)}-07-01", "relation": "conjoint"})
    while len(people) < size:
        people.append({"birth_date": f"{rng.randint(2008, 2024)}-01-10", "relation": "enfant", "dependant": True})
    for person in people:
        person.setdefault("dependant", False)
        person["disability"] = rng.random() < 0.15
    return people


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_filter_and_check_offer_agree_on_a_sample(seed):
    rng = random.Random(seed)
    communes = _communes()
    landlords = [OrganizationFactory(landlord=True) for _ in range(4)]
    LandlordPolicy.objects.create(organization=landlords[0], max_effort_rate=Decimal("0.25"))
    LandlordPolicy.objects.create(
        organization=landlords[1], max_effort_rate=Decimal("0.35"), min_reste_a_vivre_per_uc=Decimal("600")
    )
    offers = []
    for _ in range(80):
        rent = Decimal(rng.randint(20000, 120000)) / 100
        offers.append(
            OfferFactory(
                landlord=rng.choice(landlords),
                commune=rng.choice(communes),
                financing=rng.choice(["PLAI", "PLUS", "PLS", "LLI"]),
                typology=rng.choice(TYPOLOGIES),
                rent=rent,
                charges=Decimal(rng.randint(0, 20000)) / 100,
                is_accessible=rng.random() < 0.3,
                # The other terms of the taux d'effort (arrêté du 10 mars 2011), on some offers.
                annex_rent=rng.choice([Decimal(0), Decimal(rng.randint(1000, 9000)) / 100]),
                energy_contribution=rng.choice([Decimal(0), Decimal(rng.randint(100, 3000)) / 100]),
                individual_water=rng.random() < 0.4,
                individual_heating=rng.random() < 0.4,
                individual_flat_charge=rng.choice([Decimal(0), Decimal(rng.randint(2000, 12000)) / 100]),
            )
        )
    eligible_somewhere = 0
    for _ in range(8):
        size = rng.randint(1, 7)
        demand = DemandFactory(
            household_size=size,
            household=_household(rng, size),
            reference_income=rng.randint(8000, 70000),
            rfr_n1=rng.choice([None, rng.randint(5000, 70000)]),
            monthly_resources=rng.randint(900, 6000),
            accessibility_needed=rng.random() < 0.2,
        )
        eligibility = DemandEligibility.of(demand, TODAY)
        by_sql = set(_annotated(None).filter(eligibility.q).values_list("pk", flat=True))
        by_rules = {offer.pk for offer in offers if eligibility.verdict(offer).eligible}
        assert by_sql == by_rules
        # The bound the map adds for its index is implied: it lets through every eligible offer.
        bound = eligibility.max_housing_cost()
        affordable = _annotated(None).alias(ability_cost=ability_cost_expression())
        if bound is not None:
            affordable = affordable.filter(ability_cost__lte=bound)
        assert by_sql <= set(affordable.values_list("pk", flat=True))
        financed = _annotated(None).filter(financing__in=eligibility.possible_financings())
        assert by_sql <= set(financed.values_list("pk", flat=True))
        not_by_sql = set(_annotated(None).exclude(eligibility.q).values_list("pk", flat=True))
        assert not_by_sql == {offer.pk for offer in offers} - by_rules
        eligible_somewhere += len(by_rules)
    assert eligible_somewhere > 0  # the sample exercises both sides


def test_an_income_exactly_at_the_ceiling_is_eligible_in_sql_too():
    lyon = CommuneFactory()
    offer = OfferFactory(commune=lyon, financing="PLUS", typology="T2", rent=Decimal("400"), charges=Decimal("50"))
    demand = DemandFactory(household_size=1, reference_income=23403, monthly_resources=3000)  # PLUS 2026, cat. 1
    eligibility = DemandEligibility.of(demand, TODAY)
    assert eligibility.verdict(offer).eligible
    assert list(_annotated(None).filter(eligibility.q).values_list("pk", flat=True)) == [offer.pk]
    demand.reference_income = 23404
    eligibility = DemandEligibility.of(demand, TODAY)
    assert not _annotated(None).filter(eligibility.q).exists()


def test_a_rent_exactly_at_the_effort_rate_is_eligible_in_sql_too():
    lyon = CommuneFactory()
    # 33 % of 2 000 € = 660 €.
    at_limit = OfferFactory(commune=lyon, typology="T2", rent=Decimal("600"), charges=Decimal("60"))
    one_cent_over = OfferFactory(commune=lyon, typology="T2", rent=Decimal("600"), charges=Decimal("60.01"))
    demand = DemandFactory(household_size=1, reference_income=15000, monthly_resources=2000)
    eligibility = DemandEligibility.of(demand, TODAY)
    assert eligibility.verdict(at_limit).eligible
    assert not eligibility.verdict(one_cent_over).eligible
    assert list(_annotated(None).filter(eligibility.q).values_list("pk", flat=True)) == [at_limit.pk]
    assert eligibility.max_housing_cost() == Decimal("660")  # the bound of the map's index, exactly the limit


def test_a_household_without_resources_can_afford_no_social_home_and_has_no_bound():
    demand = DemandFactory(household_size=1, reference_income=15000, monthly_resources=0)
    assert DemandEligibility.of(demand, TODAY).max_housing_cost() is None


def test_every_term_of_the_arrete_counts_in_sql_as_in_the_rules():
    lyon = CommuneFactory()
    # 33 % of 2 000 € = 660 €: 500 + 40 parking + 60 charges + 10 energy + 50 flat charge (individual heating).
    at_limit = OfferFactory(
        commune=lyon,
        typology="T2",
        rent=Decimal("500"),
        annex_rent=Decimal("40"),
        charges=Decimal("60"),
        energy_contribution=Decimal("10"),
        individual_heating=True,
        individual_flat_charge=Decimal("50"),
    )
    # The same flat charge does not count when neither water nor heating is individual.
    collective = OfferFactory(
        commune=lyon, typology="T2", rent=Decimal("550"), charges=Decimal("60"), individual_flat_charge=Decimal("99")
    )
    over = OfferFactory(
        commune=lyon, typology="T2", rent=Decimal("500"), annex_rent=Decimal("40"), charges=Decimal("60"),
        energy_contribution=Decimal("10.01"), individual_water=True, individual_flat_charge=Decimal("50"),
    )  # fmt: skip
    demand = DemandFactory(household_size=1, reference_income=15000, monthly_resources=2000)
    eligibility = DemandEligibility.of(demand, TODAY)
    assert [eligibility.verdict(o).eligible for o in (at_limit, collective, over)] == [True, True, False]
    by_sql = set(_annotated(None).filter(eligibility.q).values_list("pk", flat=True))
    assert by_sql == {at_limit.pk, collective.pk}
