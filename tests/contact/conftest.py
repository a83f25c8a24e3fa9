import pytest
from django.core.cache import cache

from logis.organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agent(db):
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    return MembershipFactory(
        organization=operator,
        role=Membership.Role.ADVISOR,
        user__email="equipe@logis.example",
        user__first_name="Élodie",
        user__last_name="Garnier",
    ).user


@pytest.fixture
def person(db):
    return UserFactory(email="sophie@exemple.fr", first_name="Sophie", last_name="Lambert")
