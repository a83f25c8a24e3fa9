import pytest

from logis.organizations.models import Membership, Organization
from tests.factories import DemandFactory, MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture
def employer(db):
    return OrganizationFactory(name="Logistique Rhône Express", headcount=1200, pays_peec=True)


@pytest.fixture
def other_employer(db):
    return OrganizationFactory(name="Clinique du Val de Seine", headcount=430, pays_peec=True)


@pytest.fixture
def hr(employer):
    return MembershipFactory(
        organization=employer,
        role=Membership.Role.HR,
        user__email="rh@lre.example",
        user__first_name="Nadia",
        user__last_name="Haddad",
    ).user


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


@pytest.fixture
def other_hr(other_employer):
    return MembershipFactory(organization=other_employer, role=Membership.Role.HR, user__email="rh@cvs.example").user


@pytest.fixture
def operator(db):
    return OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — accompagnement")


@pytest.fixture
def advisor(operator):
    return MembershipFactory(
        organization=operator, role=Membership.Role.ADVISOR, user__email="conseil@logis.example"
    ).user


@pytest.fixture
def employee(db):
    return UserFactory(email="sophie@exemple.fr", first_name="Sophie", last_name="Lambert")


@pytest.fixture
def employee_demand(employee, employer):
    """An imported demand whose "Les informations" name the employer, not saved through the service yet."""
    return DemandFactory(
        owner=employee,
        with_information=True,
        employer=employer,
        employer_name=employer.name,
        employer_siret=employer.siret,
        matricule="LRE-0042",
        inform_employer=True,
    )
