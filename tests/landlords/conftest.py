import pytest

from logis.organizations.models import Membership
from tests.factories import MembershipFactory, OfferFactory


@pytest.fixture
def offer(db):
    return OfferFactory(title="T3 lumineux avec balcon")


@pytest.fixture
def agent(offer):
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client


@pytest.fixture
def other_offer(db):
    """An offer of another landlord, with its own agent."""
    return OfferFactory(title="T2 d'un autre bailleur", status="draft")
