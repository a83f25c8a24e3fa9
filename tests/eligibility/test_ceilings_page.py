"""The public page "Plafonds de ressources": every table in force, by zone and category, with its sources."""

import pytest
from django.urls import reverse

from logis.eligibility.selectors import tables_on
from logis.rules.ceilings import CELL_KEYS, SOCIAL_PROGRAMMES, Programme

pytestmark = pytest.mark.django_db

URL = reverse("eligibility:ceilings")


def _euros(amount: int) -> str:
    return f"{amount:,}".replace(",", "\xa0") + " €"


def test_the_page_is_public_and_shows_every_cell_in_force(client):
    from django.utils import timezone

    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    tables = tables_on(timezone.localdate())
    assert f"Plafonds de ressources {tables.social.year}" in html
    for programme in SOCIAL_PROGRAMMES:
        for zone in tables.social.zones:
            for key in CELL_KEYS:
                amount = tables.social.cell(programme, zone, key).amount
                assert _euros(amount) in html, (programme, zone, key)
    for zone in tables.intermediate.zones:
        for key in CELL_KEYS:
            assert _euros(tables.intermediate.cell(Programme.LLI, zone, key).amount) in html


def test_the_page_cites_the_sources_and_marks_derived_values(client):
    html = client.get(URL, {"annee": "2026"}).content.decode()
    assert "Arrêté du 19 décembre 2025 modifiant l&#x27;arrêté du 29 juillet 1987" in html
    assert "Journal officiel de la République française du 24 décembre 2025 (n° 0301), NOR VLOL2534266A" in html
    # PLS: the +30 % rule of article 1 of the arrêté, read on Légifrance (not press pages).
    assert "ces plafonds sont majorés de 30" in html
    assert "legifrance.gouv.fr/loda/id/JORFTEXT000000294318" in html
    assert "Sources des montants" in html
    assert "openfisca" in html
    # PLAI and PLS 2026 are derived (logis/rules/data/README.md): said, with the method.
    assert "Valeur calculée par la plateforme" in html
    assert "PLS = PLUS 2026 × 1,30" in html
    assert "Zonage ABC révisé par l&#x27;arrêté du 5 juillet 2024" in html


def test_the_page_explains_categories_zones_and_the_reference_income(client):
    html = " ".join(client.get(URL, {"annee": "2026"}).content.decode().split())
    assert "somme des âges ne dépasse pas 55 ans" in html
    assert "Boulogne-Billancourt" in html
    assert "inférieurs d'au moins 10 %" in html
    assert "Paris et communes limitrophes" in html
    assert "Île-de-France hors Paris et communes limitrophes" in html
    assert "Autres régions" in html


def test_another_available_year_can_be_read(client):
    html = client.get(URL, {"annee": "2025"}).content.decode()
    assert "Plafonds de ressources 2025" in html
    assert "Voir les plafonds en vigueur" in html


def test_the_tables_are_readable_on_a_phone(client):
    html = client.get(URL).content.decode()
    assert html.count('class="table-responsive"') == 4
    assert '<th scope="row"' in html
