import pytest
from django.urls import reverse

from logis.accounts.models import User
from tests.factories import RegisteredDemandFactory, RegisteredHouseholdMemberFactory, UserFactory


@pytest.fixture
def staff_client(client, db):
    user = UserFactory(kind=User.Kind.STAFF, is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_the_admin_finds_a_demand_by_its_number_as_printed(staff_client):
    wanted = RegisteredDemandFactory(numero_unique="0691126000042G0001", last_name="Wanted")
    RegisteredDemandFactory(numero_unique="0691126000043G0001", last_name="Other")
    response = staff_client.get(reverse("admin:registry_registereddemand_changelist"), {"q": "069 1126 000042 g0001"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Wanted" in content
    assert "Other" not in content
    assert wanted.numero_unique in content


@pytest.mark.parametrize("term", ["Durand", "jeanne.durand@exemple.fr"])
def test_the_admin_finds_a_demand_by_name_or_email(staff_client, term):
    RegisteredDemandFactory(last_name="Durand", email="jeanne.durand@exemple.fr")
    RegisteredDemandFactory(last_name="Other", email="other@exemple.fr")
    content = staff_client.get(reverse("admin:registry_registereddemand_changelist"), {"q": term}).content.decode()
    assert "Durand" in content
    assert "Other" not in content


def test_the_admin_change_page_shows_the_members_and_a_read_only_number(staff_client):
    demand = RegisteredDemandFactory(numero_unique="0691126000042G0001")
    RegisteredHouseholdMemberFactory(demand=demand, first_name="Léa")
    response = staff_client.get(reverse("admin:registry_registereddemand_change", args=[demand.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert 'value="Léa"' in content
    assert 'name="numero_unique"' not in content
    assert "0691126000042G0001" in content
