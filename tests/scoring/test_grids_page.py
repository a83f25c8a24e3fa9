"""The public page of each territory's cotation grid (L441-2-8 CCH)."""

import datetime as dt

import pytest
from django.urls import reverse

from logis.scoring.models import GridVersion
from logis.scoring.services import default_grid_version

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_grid_of_each_territory_criterion_by_criterion(client):
    national = default_grid_version()
    GridVersion.objects.create(
        scope=GridVersion.Scope.DEPARTEMENT,
        scope_code="69",
        name="Grille du Rhône",
        version=1,
        valid_from=dt.date(2026, 1, 1),
        criteria=national.criteria,
    )
    response = client.get(reverse("scoring:grids"))  # no login
    assert response.status_code == 200
    page = " ".join(response.content.decode().split())
    assert "Grille par défaut de la plateforme Logis" in page
    assert "Grille du Rhône" in page
    assert "Territoire : Département 69" in page or "69" in page
    assert "Seul le critère le plus élevé du groupe compte." in page
    assert "points" in page
