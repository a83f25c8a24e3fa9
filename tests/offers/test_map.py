"""The map of "Mes offres": the same search as the list, in one answer of bounded size, and the map on the pages."""

import pytest
from django.urls import reverse

from logis.offers.models import Offer
from tests.factories import CommuneFactory, DemandFactory, OfferFactory, UserFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

MAP_URL = reverse("offers:map")
LIST_URL = reverse("offers:list")


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    return DemandFactory(
        workplace_commune=lyon, wished_communes=["69123"], wished_typologies=["T2", "T3"], household_size=2
    )


@pytest.fixture
def applicant(client, demand):
    client.force_login(demand.owner)
    return demand.owner


def _ids(response) -> list[int]:
    return [marker["id"] for marker in response.json()["markers"]]


def test_the_map_holds_the_offers_of_the_list_and_the_workplace(client, applicant, lyon):
    near = offer_at(lyon, north_km=1, title="T2 près du travail")
    far = offer_at(lyon, north_km=8)
    offer_at(lyon, north_km=2, typology="T5", rooms=5, bedrooms=4)  # not the typology of the demand
    offer_at(lyon, north_km=3, status=Offer.Status.DRAFT)  # not published

    data = client.get(MAP_URL).json()

    assert [marker["id"] for marker in data["markers"]] == [near.pk, far.pk]  # the list's order: nearest first
    first = data["markers"][0]
    assert first["title"] == "T2 près du travail"
    assert first["commune"] == "Lyon"
    assert first["rent"] == "480"
    assert first["url"] == reverse("offers:detail", args=[near.pk])
    assert data["origin"] == {"name": "Lyon", "lat": lyon.lat, "lng": lyon.lng}
    assert data["truncated"] is False
    assert data["message"] == "La carte montre 2 offres, regroupées par secteur quand elles sont proches."


def test_the_map_reads_the_filters_of_the_list(client, applicant, lyon):
    cheap = offer_at(lyon, north_km=1, rent=300)
    offer_at(lyon, north_km=2, rent=700)
    list_page = client.get(LIST_URL, {"loyer_max": 500})
    assert [offer.pk for offer in list_page.context["offers"]] == [cheap.pk]
    assert _ids(client.get(MAP_URL, {"loyer_max": 500})) == [cheap.pk]


def test_a_search_of_the_whole_of_france_gets_a_bounded_answer_and_says_so(client, applicant, lyon, settings):
    settings.LOGIS_MAP_MAX_MARKERS = 5
    offers = [offer_at(lyon, north_km=km) for km in range(1, 13)]

    data = client.get(MAP_URL, {"perimetre": "toutes"}).json()

    assert len(data["markers"]) == 5
    assert _ids_of(data) == [offer.pk for offer in offers[:5]]  # the nearest five
    assert data["truncated"] is True
    assert "Plus de 5 offres correspondent à votre recherche" in data["message"]
    assert "les 5 plus proches de votre lieu de travail (Lyon)" in data["message"]


def _ids_of(data) -> list[int]:
    return [marker["id"] for marker in data["markers"]]


def test_the_part_of_the_map_shown_narrows_the_markers(client, applicant, lyon, settings):
    settings.LOGIS_MAP_MAX_MARKERS = 3
    south = [offer_at(lyon, north_km=-km) for km in (1, 2)]
    offer_at(lyon, north_km=1.5)
    offer_at(lyon, north_km=2.5)
    # west,south,east,north around the southern offers only
    zone = f"{lyon.lng - 0.1},{lyon.lat - 0.05},{lyon.lng + 0.1},{lyon.lat - 0.001}"

    data = client.get(MAP_URL, {"zone": zone}).json()

    assert sorted(_ids_of(data)) == sorted(offer.pk for offer in south)
    assert data["truncated"] is False
    assert "dans cette partie de la carte" in data["message"]


@pytest.mark.parametrize("zone", ["", "1,2,3", "a,b,c,d", "nan,1,2,3", "inf,0,0,0", "1," * 5000])
def test_a_malformed_zone_is_ignored(client, applicant, lyon, zone):
    offer = offer_at(lyon, north_km=1)
    response = client.get(MAP_URL, {"zone": zone})
    assert response.status_code == 200
    assert _ids(response) == [offer.pk]


def test_invalid_filters_are_ignored_as_on_the_list(client, applicant, lyon):
    offer = offer_at(lyon, north_km=1)
    response = client.get(MAP_URL, {"loyer_max": "beaucoup", "distance": "-4", "tri": "<script>"})
    assert response.status_code == 200
    assert _ids(response) == [offer.pk]


def test_the_map_of_someone_without_demand_is_empty_and_says_why(client):
    OfferFactory()
    client.force_login(UserFactory())
    response = client.get(MAP_URL)
    assert response.status_code == 404
    assert response.json() == {"error": "Importez d'abord votre demande de logement."}


def test_the_map_asks_to_sign_in(client):
    response = client.get(MAP_URL)
    assert response.status_code == 302


def test_the_map_costs_a_bounded_number_of_queries(client, applicant, lyon, settings, django_assert_max_num_queries):
    settings.LOGIS_MAP_MAX_MARKERS = 50
    for km in range(1, 80):
        offer_at(lyon, north_km=km / 10)
    with django_assert_max_num_queries(12):
        data = client.get(MAP_URL).json()
    assert len(data["markers"]) == 50


def test_the_list_and_map_switch_keeps_the_filters(client, applicant, lyon):
    offer_at(lyon, north_km=1)
    page = client.get(LIST_URL, {"loyer_max": 500}).content.decode()
    assert 'href="?loyer_max=500&amp;vue=carte"' in page
    assert 'aria-current="page">Liste</a>' in page

    page = client.get(LIST_URL, {"loyer_max": 500, "vue": "carte"}).content.decode()
    assert 'aria-current="page">Carte</a>' in page
    assert f'data-markers-url="{MAP_URL}?loyer_max=500"' in page
    assert 'name="vue" value="carte"' in page  # the filters of the map view keep the map
    assert "vendor/leaflet/leaflet.js" in page
    assert "vue en liste" in page  # the text alternative points to the list


def test_the_map_view_lets_the_tile_server_through_the_csp(client, applicant, lyon, settings):
    settings.LOGIS_MAP_TILE_URL = "https://data.geopf.fr/wmts?LAYER=X&TILEMATRIX={z}&TILECOL={x}&TILEROW={y}"
    response = client.get(LIST_URL, {"vue": "carte"})
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part)
    assert directives["img-src"].split() == ["'self'", "data:", "https://data.geopf.fr"]
    assert directives["script-src"] == "'self'"  # only images may come from the tile server
    assert 'data-tile-url="https://data.geopf.fr/wmts?LAYER=X&amp;TILEMATRIX={z}' in response.content.decode()


def test_the_offer_page_shows_a_map_instead_of_coordinates(client, applicant, lyon):
    offer = offer_at(lyon, north_km=1)
    page = client.get(reverse("offers:detail", args=[offer.pk])).content.decode()
    assert "latitude" not in page
    assert 'data-offers-map="offer"' in page
    assert f'data-lat="{offer.lat:.6f}"' in page
    assert 'data-origin-name="Lyon"' in page


def test_the_map_read_within_circles_costs_a_bounded_number_of_queries(
    client, applicant, lyon, settings, monkeypatch, django_assert_max_num_queries
):
    """The bounded scan misses (here it reads one offer), then at most MAP_MAX_CIRCLES circles and the whole
    search: the same guard as the map's usual read."""
    from django.db import connection

    from logis.offers import selectors

    if connection.vendor != "postgresql":
        pytest.skip("circles read after the GiST index")
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", 1)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 0)
    monkeypatch.setattr(selectors, "MAP_LAST_CIRCLE_KM", 10_000)
    settings.LOGIS_MAP_MAX_MARKERS = 50
    for km in range(1, 30):
        offer_at(lyon, north_km=km / 10)
    with django_assert_max_num_queries(12):
        data = client.get(MAP_URL).json()
    assert len(data["markers"]) == 29  # fewer than asked: every circle and the whole search were read
