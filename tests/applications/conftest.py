import pytest

from tests.factories import DemandFactory, MembershipFactory, OfferFactory


@pytest.fixture
def demand(db):
    """An applicant who imported their demand and completed "Les informations"."""
    return DemandFactory(with_information=True, owner__first_name="Camille")


@pytest.fixture
def offer(db):
    return OfferFactory(title="T3 lumineux avec balcon")


@pytest.fixture
def other_offer(db):
    return OfferFactory(title="T2 calme près du tram")


@pytest.fixture
def agent(offer):
    """An agent of the landlord of `offer`."""
    return MembershipFactory(organization=offer.landlord).user


@pytest.fixture
def applicant_client(client, demand):
    client.force_login(demand.owner)
    return client
