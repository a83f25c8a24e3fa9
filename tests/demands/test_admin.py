"""Back office: imported demands are read there, never written by hand."""

import pytest
from django.urls import reverse

from tests.factories import DemandFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))
    return client


def test_demands_are_not_added_by_hand(staff_client):
    assert staff_client.get(reverse("admin:demands_demand_add")).status_code == 403


def test_demand_admin_pages_load_read_only(staff_client):
    demand = DemandFactory(with_information=True)
    assert staff_client.get(reverse("admin:demands_demand_changelist")).status_code == 200
    page = staff_client.get(reverse("admin:demands_demand_change", args=[demand.pk])).content.decode()
    assert demand.numero_unique in page
    assert 'name="numero_unique"' not in page


def test_import_challenges_never_show_the_code_hash(staff_client, applicant, registered, start_import):
    challenge, _code = start_import(applicant, registered.numero_unique)
    page = staff_client.get(reverse("admin:demands_importchallenge_change", args=[challenge.pk])).content.decode()
    assert challenge.code_hash not in page
    assert staff_client.get(reverse("admin:demands_importchallenge_changelist")).status_code == 200
