"""platform_verdict and offer_verdict: the rules' verdicts for the platform's demands and offers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from logis.eligibility.models import LandlordPolicy
from logis.eligibility.services import estimated_housing_benefit, offer_verdict, platform_verdict
from logis.offers.models import Offer
from tests.factories import CommuneFactory, DemandFactory, OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 27)


def test_offer_verdict_explains_an_income_over_the_ceiling():
    demand = DemandFactory(household_size=2, reference_income=52300, rfr_n1=None, monthly_resources=5000)
    offer = OfferFactory(financing="PLUS", typology="T3", commune=CommuneFactory(paris=True))
    verdict = offer_verdict(demand, offer, today=TODAY)
    assert not verdict.eligible
    assert verdict.failure_codes == {"income_ceiling"}
    message = verdict.check("income_ceiling").message
    assert "Revenu fiscal de référence 2024 : 52" in message
    assert "plafond PLUS 2026, Paris et communes limitrophes, catégorie 2" in message


def test_offer_verdict_applies_the_landlords_effort_rate():
    landlord = OrganizationFactory(landlord=True)
    offer = OfferFactory(landlord=landlord, rent=Decimal("520"), charges=Decimal("95"))
    demand = DemandFactory(household_size=2, monthly_resources=2100)
    assert offer_verdict(demand, offer, today=TODAY).eligible  # 29.3 % under the default 33 %
    LandlordPolicy.objects.create(organization=landlord, max_effort_rate=Decimal("0.25"))
    offer = Offer.objects.get(pk=offer.pk)  # the policy is read once per offer object (one request)
    verdict = offer_verdict(demand, offer, today=TODAY)
    assert verdict.failure_codes == {"effort_rate"}
    assert "maximum retenu : 25" in verdict.check("effort_rate").message


def test_platform_verdict_needs_the_employers_agreement():
    employer = OrganizationFactory(headcount=250, pays_peec=True)
    demand = DemandFactory(employer=employer, expires_on=TODAY + dt.timedelta(days=100))
    assert platform_verdict(demand, today=TODAY, agreement="given").eligible
    verdict = platform_verdict(demand, today=TODAY, agreement="pending")
    assert verdict.failure_codes == {"employer_agreement"}


def test_platform_verdict_refuses_an_expired_residence_permit():
    employer = OrganizationFactory(headcount=250, pays_peec=True)
    demand = DemandFactory(
        employer=employer,
        nationality="HUE",
        residence_permit_expires_on=TODAY - dt.timedelta(days=1),
        expires_on=TODAY + dt.timedelta(days=100),
    )
    verdict = platform_verdict(demand, today=TODAY, agreement="given")
    assert verdict.failure_codes == {"residence"}


def test_judging_many_demands_for_one_offer_reads_the_landlords_policy_once(django_assert_num_queries):
    offer = OfferFactory()
    demands = [DemandFactory() for _ in range(3)]
    with django_assert_num_queries(1):
        verdicts = [offer_verdict(demand, offer, today=TODAY) for demand in demands]
    assert all(verdict.eligible for verdict in verdicts)


def test_the_offer_verdict_counts_logis_s_housing_benefit_estimate_and_says_it_is_one():
    """The taux d'effort of the offer verdict subtracts the housing-benefit estimate (logis.rules.housing_benefit)
    when the demand gives its monthly resources, and says it is an estimate."""
    demand = DemandFactory(monthly_resources=1100, household=[{"birth_date": "1990-01-01", "dependant": False}])
    offer = OfferFactory()
    estimate = estimated_housing_benefit(demand, offer, today=timezone.localdate())
    assert estimate is not None
    assert estimate.amount > 0
    verdict = offer_verdict(demand, offer)
    check = next(c for c in (*verdict.passes, *verdict.failures) if c.code == "effort_rate")
    assert check.figures["housing_benefit_estimated"] is True
    assert check.figures["housing_benefit"] == estimate.amount
    assert "estimation Logis" in check.message
    without = DemandFactory(monthly_resources=0)
    assert estimated_housing_benefit(without, offer, today=timezone.localdate()) is None
