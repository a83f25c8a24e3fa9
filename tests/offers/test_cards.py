"""The offer cards of "Mes offres" come from the shared cache: the same HTML as rendered, the person's distance put
in its place, a changed offer or photo rendered anew."""

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

LIST_URL = reverse("offers:list")


@pytest.fixture
def lyon():
    return CommuneFactory()


def _cards(response) -> list[str]:
    return [str(offer.card_html) for offer in response.context["offers"]]


def test_a_card_read_from_the_cache_is_the_card_rendered_with_the_distance_of_the_person(client, lyon):
    offer_at(lyon, north_km=2, title="T2 lumineux")
    near = DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    far_commune = CommuneFactory(grenoble=True)
    far = DemandFactory(workplace_commune=far_commune, wished_communes=["69123"], household_size=2)

    client.force_login(near.owner)
    rendered = _cards(client.get(LIST_URL))  # written to the cache
    cached = client.get(LIST_URL)  # read from it
    assert _cards(cached) == rendered
    shown = cached.context["offers"][0]
    assert _cards(cached)[0] == render_to_string("offers/includes/_offer_card.html", {"offer": shown})
    assert "T2 lumineux" in _cards(cached)[0]
    assert "— à 2,0 km de votre lieu de travail" in _cards(cached)[0]

    client.force_login(far.owner)
    other = _cards(client.get(LIST_URL, {"perimetre": "toutes"}))[0]
    assert "T2 lumineux" in other
    assert "— à 2,0 km" not in other  # their own distance
    assert "km de votre lieu de travail" in other


def test_a_changed_offer_gets_a_new_card(client, lyon):
    offer = offer_at(lyon, north_km=1, title="Avant")
    demand = DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    client.force_login(demand.owner)
    assert "Avant" in _cards(client.get(LIST_URL))[0]

    offer.title = "Après"
    offer.save()

    assert "Après" in _cards(client.get(LIST_URL))[0]


def test_the_cards_cost_one_cache_read_for_the_page(client, lyon, monkeypatch):
    for km in range(1, 6):
        offer_at(lyon, north_km=km)
    demand = DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    client.force_login(demand.owner)
    client.get(LIST_URL)
    reads = []
    original = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys, *a, **k: reads.append(len(keys)) or original(keys, *a, **k))
    monkeypatch.setattr(cache, "set_many", lambda *a, **k: pytest.fail("a cached card was written again"))
    response = client.get(LIST_URL)
    assert len(response.context["offers"]) == 5
    assert 5 in reads


def test_the_other_offers_show_each_verdict_of_the_person(client, lyon):
    offer_at(lyon, north_km=1, rent=2900, title="Trop cher")
    demand = DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2, max_rent=None)
    client.force_login(demand.owner)
    card = _cards(client.get(LIST_URL, {"eligibilite": "autres"}))[0]
    assert "Trop cher" in card
    assert "Vous ne pouvez pas postuler à cette offre" in card
