import pytest

from logis.organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def operator(db):
    return OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — accompagnement")


@pytest.fixture
def advisor(operator):
    return MembershipFactory(
        organization=operator,
        role=Membership.Role.ADVISOR,
        user__email="conseil@logis.example",
        user__first_name="Élodie",
        user__last_name="Garnier",
    ).user


@pytest.fixture
def other_advisor(operator):
    return MembershipFactory(
        organization=operator, role=Membership.Role.ADVISOR, user__email="autre@logis.example"
    ).user


@pytest.fixture
def applicant(db):
    return UserFactory(email="julie@exemple.fr", first_name="Julie", last_name="Perrin")
