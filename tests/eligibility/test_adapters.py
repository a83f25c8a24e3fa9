"""A demand, an offer and a landlord's settings become the dataclasses of the pure rules."""

import datetime as dt
from decimal import Decimal

import pytest

from logis.eligibility.adapters import candidate_of, household_of, offer_facts_of, platform_applicant_of
from logis.rules.household import Relation, household_category
from logis.rules.platform import Nationality
from tests.factories import DemandFactory, OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


def test_demand_becomes_candidate_with_household_income_and_resources():
    demand = DemandFactory(
        household_size=3,
        reference_income=31000,
        rfr_n1=26000,
        monthly_resources=2600,
        accessibility_needed=True,
        household=[
            {"birth_date": "1990-05-17", "relation": "demandeur", "dependant": False, "disability": False},
            {"birth_date": "1991-02-01", "relation": "conjoint", "dependant": False, "disability": True},
            {"birth_date": "2019-09-09", "relation": "enfant", "dependant": True, "disability": False},
        ],
    )
    candidate = candidate_of(demand, TODAY)
    people = candidate.household.people
    assert [person.relation for person in people] == [Relation.APPLICANT, Relation.SPOUSE, Relation.CHILD]
    assert people[2].is_dependant
    assert people[1].has_disability
    assert candidate.tax_households[0].rfr_n2 == 31000
    assert candidate.tax_households[0].rfr_n1 == 26000
    assert candidate.monthly_resources == Decimal(2600)
    assert candidate.needs_accessibility
    # Three persons including a disabled one: one category up.
    assert household_category(candidate.household, TODAY).category == 4


def test_young_couple_of_the_register_is_a_jeune_menage():
    demand = DemandFactory(
        household_size=2,
        household=[
            {"birth_date": "2000-01-01", "relation": "demandeur", "dependant": False, "disability": False},
            {"birth_date": "2001-01-01", "relation": "conjoint", "dependant": False, "disability": False},
        ],
    )
    assert household_category(household_of(demand, TODAY), TODAY).category == 3


def test_demand_without_recorded_household_counts_its_size_as_adults():
    household = household_of(DemandFactory(household_size=3, household=[]), TODAY)
    assert household.size == 3
    assert household.dependants == 0
    assert household_category(household, TODAY).category == 3


def test_a_spouse_marked_dependant_in_the_register_is_not_a_dependant():
    demand = DemandFactory(
        household_size=2,
        household=[
            {"birth_date": "1980-01-01", "relation": "demandeur", "dependant": False, "disability": False},
            {"birth_date": "1981-01-01", "relation": "conjoint", "dependant": True, "disability": False},
        ],
    )
    assert household_of(demand, TODAY).dependants == 0


def test_platform_applicant_reads_permit_employer_and_agreement():
    employer = OrganizationFactory(headcount=12, pays_peec=False)
    demand = DemandFactory(
        nationality="HUE",
        residence_permit_expires_on=dt.date(2027, 3, 1),
        employer=employer,
        register_status="active",
    )
    applicant = platform_applicant_of(demand, agreement="given")
    assert applicant.nationality == Nationality.NON_EU
    assert applicant.residence_permit_expires_on == dt.date(2027, 3, 1)
    assert applicant.employer.headcount == 12
    assert applicant.employer.is_private
    assert applicant.employer_agreement
    assert not platform_applicant_of(demand, agreement="pending").employer_agreement


def test_unrecognised_employer_has_unknown_headcount():
    demand = DemandFactory(with_information=True)
    applicant = platform_applicant_of(demand, agreement="none")
    assert applicant.employer is not None
    assert applicant.employer.headcount is None


def test_offer_becomes_offer_facts():
    offer = OfferFactory(financing="PLS", typology="T2", rent=Decimal("610.50"), charges=Decimal("80"))
    facts = offer_facts_of(offer)
    assert (facts.financing.value, facts.insee, facts.typology) == ("PLS", offer.commune_id, "T2")
    assert facts.rent == Decimal("610.50")
    assert facts.charges == Decimal("80")


def test_refresh_records_what_the_rules_need_from_the_register():
    from logis.demands.services import demand_refresh
    from tests.factories import RegisteredDemandFactory, RegisteredHouseholdMemberFactory

    record = RegisteredDemandFactory(
        nationality="HUE",
        residence_permit_expires_on=dt.date(2028, 1, 31),
        rfr_n2=30000,
        rfr_n1=25000,
        applicant_has_disability=True,
    )
    RegisteredHouseholdMemberFactory(demand=record, birth_date=dt.date(2015, 3, 2), relation="enfant")
    demand = DemandFactory(numero_unique=record.numero_unique, household_size=1)
    demand = demand_refresh(demand=demand, by=demand.owner)
    assert (demand.nationality, demand.residence_permit_expires_on) == ("HUE", dt.date(2028, 1, 31))
    assert (demand.reference_income, demand.rfr_n1) == (30000, 25000)
    assert demand.household == [
        {
            "birth_date": "1990-05-17",
            "relation": "demandeur",
            "dependant": False,
            "disability": True,
            "alternating_custody": False,
        },
        {
            "birth_date": "2015-03-02",
            "relation": "enfant",
            "dependant": True,
            "disability": False,
            "alternating_custody": False,
        },
    ]
    assert "Léa" not in str(demand.household)


def test_eligibility_and_the_cotation_see_one_household():
    """One representation (Demand.household), one adapter (logis.demands.household): both read the same people."""
    from logis.demands.household import household_of as the_adapter
    from logis.scoring.facts import FactsContext, demand_facts

    demand = DemandFactory(
        household_size=3,
        household=[
            {"birth_date": "1988-04-01", "relation": "demandeur", "dependant": False, "disability": False},
            {"birth_date": "2016-09-01", "relation": "enfant", "dependant": True, "disability": True},
            {"birth_date": "2019-02-01", "relation": "enfant", "dependant": True, "alternating_custody": True},
        ],
        # A stale copy of the register's members must not make the cotation see another household.
        snapshot={"members": [{"relation": "conjoint", "is_dependent": False}]},
    )
    today = dt.date(2026, 3, 15)
    household = candidate_of(demand, today).household
    assert household == the_adapter(demand, today)
    facts = demand_facts(demand, context=FactsContext(today=today))
    assert facts.single_parent  # no spouse: the snapshot's « conjoint » is not read
    assert facts.disability
    assert facts.household_size == household.size == 3
    assert household.alternating_custody_children == 1
