from pathlib import Path

import pytest
from django.conf import settings

from logis.organizations.models import Membership, Organization
from tests.factories import ApplicationFactory, DemandFactory, MembershipFactory, OfferFactory, OrganizationFactory

SNAPSHOT = {
    "first_name": "Camille",
    "last_name": "Martin",
    "birth_date": "1990-05-17",
    "members": [
        {"first_name": "Sacha", "last_name": "Durand", "birth_date": "1988-02-03", "relation": "conjoint"},
        {"first_name": "Léa", "last_name": "Martin", "birth_date": "2015-03-02", "relation": "enfant"},
    ],
}


def storage_files() -> list[Path]:
    """Every file in the private documents storage of this test."""
    root = Path(settings.MEDIA_ROOT) / "documents"
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def demand(db):
    return DemandFactory(with_information=True, owner__first_name="Camille", snapshot=SNAPSHOT, household_size=3)


@pytest.fixture
def offer(db):
    return OfferFactory()


@pytest.fixture
def application(demand, offer):
    return ApplicationFactory(demand=demand, offer=offer)


@pytest.fixture
def agent(offer):
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT, user__first_name="Alex").user


@pytest.fixture
def other_agent(db):
    return MembershipFactory(role=Membership.Role.AGENT).user


@pytest.fixture
def commission_member(offer):
    return MembershipFactory(organization=offer.landlord, role=Membership.Role.COMMISSION).user


@pytest.fixture
def advisor(db):
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis Conseil")
    return MembershipFactory(organization=operator, role=Membership.Role.ADVISOR).user


@pytest.fixture
def employer_hr(demand):
    employer = OrganizationFactory(kind=Organization.Kind.EMPLOYER)
    demand.employer = employer
    demand.save(update_fields=["employer"])
    return MembershipFactory(organization=employer, role=Membership.Role.HR).user
