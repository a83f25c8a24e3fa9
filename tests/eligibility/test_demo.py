"""The eligibility section of load_demo (a landlord with its own thresholds) and the zones of offers written in bulk
(filled by the offers' section); both run twice harmlessly."""

import pytest

from logis.eligibility.demo import load_eligibility_demo
from logis.eligibility.models import LandlordPolicy
from logis.offers.demo import fill_offer_zones
from logis.offers.models import Offer
from tests.factories import CommuneFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_offers_written_in_bulk_get_their_zones_once():
    offer = OfferFactory(commune=CommuneFactory(paris=True))
    Offer.objects.filter(pk=offer.pk).update(social_zone="", abc_zone="")
    assert fill_offer_zones() == 1
    load_eligibility_demo()
    offer.refresh_from_db()
    assert (offer.social_zone, offer.abc_zone) == ("paris_limitrophes", "abis")
    assert fill_offer_zones() == 0
    load_eligibility_demo()
    assert LandlordPolicy.objects.filter(organization=offer.landlord).count() == 1


def test_saving_an_offer_sets_its_zones_from_the_commune():
    offer = OfferFactory(commune=CommuneFactory(grenoble=True))
    assert (offer.social_zone, offer.abc_zone) == ("autres", "b1")
    offer.commune = CommuneFactory(insee="93048", name="Montreuil", departement="93", region="11")
    offer.save(update_fields=["commune"])
    offer.refresh_from_db()
    assert (offer.social_zone, offer.departement) == ("paris_limitrophes", "93")
