"""Staff edit the grids in the admin; every version is checked by the engine, used versions stay as they were."""

import html
import json

import pytest
from django.urls import reverse

from logis.accounts.models import User
from logis.scoring.grid import DemandFacts, grid_from_file
from logis.scoring.models import GridVersion
from logis.scoring.services import application_score_store
from tests.factories import OfferFactory, UserFactory
from tests.scoring.factories import GridVersionFactory, application_for

pytestmark = pytest.mark.django_db

ADD = reverse("admin:scoring_gridversion_add")
CHANGELIST = reverse("admin:scoring_gridversion_changelist")


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(kind=User.Kind.STAFF, is_staff=True, is_superuser=True))
    return client


def form_data(**overrides):
    data = {
        "scope": "departement",
        "scope_code": "69",
        "name": "Grille du Rhône",
        "communes": "[]",
        "version": "1",
        "valid_from": "2026-01-01",
        "criteria": json.dumps(grid_from_file().definition()),
        "source": "Délibération de test",
    }
    return data | overrides


def test_staff_create_a_territory_grid(staff_client):
    response = staff_client.post(ADD, form_data())
    assert response.status_code == 302
    version = GridVersion.objects.get()
    assert (version.scope, version.scope_code, version.version) == ("departement", "69", 1)
    assert version.grid().evaluate(DemandFacts(homeless=True)).total == 17
    assert version.version_code == "departement-69-1"


def test_an_invalid_grid_is_refused_with_the_engine_reasons_in_french(staff_client):
    criteria = {"criteria": [{"code": "x", "label": "X", "points": 3, "conditions": [{"fact": "astrologie"}]}]}
    response = staff_client.post(ADD, form_data(criteria=json.dumps(criteria)))
    assert response.status_code == 200
    assert "fait inconnu « astrologie »" in html.unescape(response.content.decode())
    assert not GridVersion.objects.exists()


def test_a_used_version_cannot_be_edited_but_can_be_copied_into_a_new_version(staff_client):
    version = GridVersionFactory(scope="departement", scope_code="69", version=1)
    application_score_store(application=application_for(OfferFactory()))
    change = reverse("admin:scoring_gridversion_change", args=[version.pk])
    edited = {"criteria": [{"code": "x", "label": "X", "points": 1}]}
    response = staff_client.post(change, form_data(criteria=json.dumps(edited)))
    assert response.status_code == 200
    assert "Créez une nouvelle version" in html.unescape(response.content.decode())

    response = staff_client.post(CHANGELIST, {"action": "new_version", "_selected_action": [version.pk]})
    assert response.status_code == 302
    copy = GridVersion.objects.get(version=2)
    assert (copy.scope, copy.scope_code, copy.criteria) == ("departement", "69", version.criteria)
    version.refresh_from_db()
    assert version.criteria == grid_from_file().definition()


def test_the_change_page_shows_the_grid_as_a_table(staff_client):
    version = GridVersionFactory()
    page = html.unescape(
        staff_client.get(reverse("admin:scoring_gridversion_change", args=[version.pk])).content.decode()
    )
    assert "Sans abri ou en abri de fortune" in page
    assert "Situation de logement (le plus favorable seul)" in page
    assert "https://lacsf69.org" in page
