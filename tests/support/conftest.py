import pytest

from logis.organizations.models import Membership, Organization
from tests.factories import OrganizationFactory, UserFactory, logis_team_member


@pytest.fixture
def operator(db):
    return OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — accompagnement")


@pytest.fixture
def advisor(operator):
    return logis_team_member(
        Membership.Role.ADVISOR,
        operator=operator,
        email="conseil@logis.example",
        first_name="Élodie",
        last_name="Garnier",
    )


@pytest.fixture
def other_advisor(operator):
    return logis_team_member(Membership.Role.ADVISOR, operator=operator, email="autre@logis.example")


@pytest.fixture
def applicant(db):
    return UserFactory(email="julie@exemple.fr", first_name="Julie", last_name="Perrin")
