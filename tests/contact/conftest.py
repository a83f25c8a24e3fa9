import pytest

from logis.organizations.models import Membership
from tests.factories import UserFactory, logis_team_member


@pytest.fixture
def agent(db):
    return logis_team_member(
        Membership.Role.ADVISOR, email="equipe@logis.example", first_name="Élodie", last_name="Garnier"
    )


@pytest.fixture
def person(db):
    return UserFactory(email="sophie@exemple.fr", first_name="Sophie", last_name="Lambert")
