"""Homes to buy (accession sociale, ADR 0015): kept apart from the rental search and from applications."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from logis.applications.models import Application
from logis.applications.services import ApplicationError, application_submit
from logis.offers.selectors import Eligibility, OfferFilters, OfferSearch
from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import home_to_buy, offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    return DemandFactory(workplace_commune=lyon, household_size=2, with_information=True)


def test_the_rental_search_never_lists_a_home_to_buy_on_either_side_of_eligibility(demand, lyon):
    rental = offer_at(lyon, north_km=1)
    for kind in ("PSLA", "BRS", "VENTE_HLM"):
        home_to_buy(lyon, kind, north_km=1)
    for side in (Eligibility.ELIGIBLE, Eligibility.OTHERS):
        search = OfferSearch(demand, OfferFilters(fit=False, eligibility=side))
        found = list(search.results())
        assert all(not offer.is_for_sale for offer in found)
    assert [o.pk for o in OfferSearch(demand, OfferFilters(fit=False)).results()] == [rental.pk]


def test_applying_to_a_home_to_buy_is_refused_and_creates_no_application(demand, lyon):
    home = home_to_buy(lyon, "BRS")
    with pytest.raises(ApplicationError) as raised:
        application_submit(demand=demand, offer=home, by=demand.owner)
    assert raised.value.code == "offer_for_sale"
    assert "intérêt" in raised.value.message
    assert not Application.objects.exists()


def test_the_apply_button_posted_by_hand_on_a_home_to_buy_creates_nothing(client, demand, lyon):
    home = home_to_buy(lyon, "PSLA")
    client.force_login(demand.owner)
    response = client.post(reverse("applications:apply", args=[home.pk]), follow=True)
    assert "Ce logement est à acheter" in response.content.decode()
    assert not Application.objects.exists()


def test_the_database_refuses_a_home_to_buy_without_a_price_and_a_rental_without_financing(lyon):
    with pytest.raises(IntegrityError), transaction.atomic():
        home_to_buy(lyon, "PSLA", price=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        offer_at(lyon, financing="")
