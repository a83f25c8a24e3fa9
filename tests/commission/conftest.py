import pytest

from logis.organizations.models import Membership
from tests.commission.factories import CommissionSessionFactory
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory


@pytest.fixture
def offer(db):
    return OfferFactory(title="T3 lumineux avec balcon")


@pytest.fixture
def agent(offer):
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user


@pytest.fixture
def member(offer):
    """A member of the landlord's CALEOL."""
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.COMMISSION).user


@pytest.fixture
def session(offer, member):
    session = CommissionSessionFactory(landlord=offer.landlord)
    session.members.set(member.memberships.all())
    return session


@pytest.fixture
def validated(offer):
    """Three validated candidates for the offer, first applied first."""
    return [ApplicationFactory(offer=offer, state="validated", demand__owner__first_name=n) for n in ("A", "B", "C")]
