from html import unescape

import pytest
from django.urls import reverse

from logis.searches.models import SavedSearch
from tests.factories import DemandFactory
from tests.offers.factories import offer_at
from tests.searches.conftest import saved

pytestmark = pytest.mark.django_db

CREATE = reverse("searches:create")


def _post(client, query="loyer_max=700&pieces=2&page=3&vue=carte", **data):
    values = {"name": "T2 pas cher", "frequency": "daily", "eligible": "1", "query": query, **data}
    return client.post(CREATE, values)


def test_mes_offres_offers_to_save_the_filters_shown(client, applicant, lyon):
    offer_at(lyon)
    html = unescape(client.get(reverse("offers:list"), {"loyer_max": "700"}).content.decode())
    assert "Enregistrer cette recherche et recevoir des alertes" in html
    assert 'name="query" value="loyer_max=700' in html
    assert "Ajouter à mes favoris" in html


def test_saving_keeps_the_filters_without_page_or_view(client, applicant):
    response = _post(client)
    assert response.status_code == 302
    search = SavedSearch.objects.get(owner=applicant)
    assert search.name == "T2 pas cher"
    assert search.criteria == {"perimetre": "adaptees", "loyer_max": "700", "pieces": "2"}
    assert search.frequency == "daily"
    assert search.eligible_only
    page = unescape(client.get(reverse("searches:list")).content.decode())
    assert "T2 pas cher" in page
    assert "Loyer charges comprises jusqu'à 700 €" in page
    assert "Au moins 2 pièces" in page
    assert "loyer_max=700" in page  # the search opens Mes offres with its filters


def test_a_double_submit_makes_one_search(client, applicant):
    _post(client)
    response = _post(client)
    assert response.status_code == 302
    assert SavedSearch.objects.filter(owner=applicant).count() == 1


def test_a_search_without_any_criterion_is_refused_with_what_to_do(client, applicant):
    response = _post(client, query="perimetre=toutes&financement=tous&tri=loyer")
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert "Cette recherche n'a aucun critère" in html
    assert "Choisissez au moins un filtre" in html
    assert 'value="T2 pas cher"' in html  # what was typed is kept
    assert not SavedSearch.objects.exists()


def test_the_same_name_for_other_filters_is_refused(client, applicant):
    _post(client)
    response = _post(client, query="loyer_max=900")
    assert response.status_code == 400
    assert "Vous avez déjà une recherche nommée « T2 pas cher »" in unescape(response.content.decode())
    assert SavedSearch.objects.get().criteria["loyer_max"] == "700"


def test_an_empty_name_is_refused_in_french(client, applicant):
    response = _post(client, name="   ")
    assert response.status_code == 400
    assert "Donnez un nom à cette recherche" in unescape(response.content.decode())


def test_rename_change_alerts_and_delete(client, applicant):
    search = saved(applicant, name="Avant")
    response = client.post(
        reverse("searches:update", args=[search.pk]), {"name": "Après", "frequency": "immediate", "eligible": "0"}
    )
    assert response.status_code == 302
    search.refresh_from_db()
    assert (search.name, search.frequency, search.eligible_only) == ("Après", "immediate", False)
    assert search.alerts_version == 2
    client.post(reverse("searches:delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_someone_elses_search_cannot_be_changed(client, applicant):
    other = saved(DemandFactory().owner, name="La sienne")
    assert (
        client.post(
            reverse("searches:update", args=[other.pk]), {"name": "x", "frequency": "none", "eligible": "1"}
        ).status_code
        == 404
    )
    assert client.post(reverse("searches:delete", args=[other.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=other.pk, name="La sienne").exists()
    assert "La sienne" not in client.get(reverse("searches:list")).content.decode()
