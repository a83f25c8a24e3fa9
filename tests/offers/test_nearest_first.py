"""Reading a page nearest first within growing circles gives exactly the page of the full sort; counts are capped."""

import random
from math import asin, atan2, cos, degrees, radians, sin

import pytest
from django.db import connection

from logis.offers import selectors
from logis.offers.models import Offer
from logis.offers.selectors import OfferFilters, OfferSearch
from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def demand():
    lyon = CommuneFactory()
    rng = random.Random(7)
    for index in range(45):
        # Dense near the workplace, sparse farther: the first circles hold some pages, not all.
        km = rng.choice([0.5, 1, 2, 2.5, 4, 8, 15, 25, 40])
        offer_at(lyon, reference=f"O{index:02d}", north_km=km * rng.uniform(-1, 1), east_km=km * rng.uniform(-1, 1))
    return DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2, max_rent=None)


@pytest.mark.parametrize("count", [None, 45])  # None: as if more than COUNT_CAP matched
@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (0, 20), (5, 10), (20, 20), (40, 10)])
def test_a_page_read_within_circles_is_the_page_of_the_full_sort(demand, offset, limit, count):
    search = OfferSearch(demand, OfferFilters(fit=False))
    expected = [offer.reference for offer in search.results()[offset : offset + limit]]
    assert [offer.reference for offer in search.page(offset, limit, count=count)] == expected


def test_the_count_stops_past_the_cap(demand, monkeypatch):
    assert OfferSearch(demand, OfferFilters(fit=False)).count() == 45
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    assert OfferSearch(demand, OfferFilters(fit=False)).count() == 11


@pytest.mark.parametrize("cap", [10, 100])  # 10: the probe is capped, circles read the page; 100: it holds all
@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (0, 20), (5, 10), (20, 20), (40, 10)])
def test_every_page_is_the_page_of_the_full_sort_whether_the_matches_are_few_or_many(
    demand, monkeypatch, cap, offset, limit
):
    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    expected = [o.reference for o in OfferSearch(demand, OfferFilters(fit=False)).results()[offset : offset + limit]]
    search = OfferSearch(demand, OfferFilters(fit=False))
    count = search.count()
    assert [offer.reference for offer in search.page(offset, limit, count=count)] == expected


def test_few_matches_are_counted_and_paged_without_a_second_scan(demand, django_assert_num_queries):
    search = OfferSearch(demand, OfferFilters(fit=False))
    # the landlord policies, the matches with their distances, the page's rows with their communes (the cards read
    # the photos); on PostgreSQL first the bounded read nearest first (ADR 0017), which finds fewer than
    # COUNT_CAP + 1 of them
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 3):
        assert search.count() == 45
        assert len(search.page(20, 20, count=45)) == 20


def test_mes_offres_says_more_than_the_cap(client, demand, monkeypatch):
    from django.urls import reverse

    from logis.offers import views

    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    client.force_login(demand.owner)
    html = client.get(reverse("offers:list"), {"perimetre": "toutes"}).content.decode()
    assert "Plus de 10 offres trouvées — page 1" in html
    assert "Parcourez-les page par page, ou affinez votre recherche" in html


@pytest.fixture
def crowded_building():
    """Seven offers at the very same place (one building) around the place where pages and the map stop, nearer
    offers before them and farther ones after: only the primary key orders the building's offers."""
    lyon = CommuneFactory()
    for index in range(4):
        offer_at(lyon, reference=f"NEAR{index}", north_km=0.2 * (index + 1))
    for index in range(7):
        offer_at(lyon, reference=f"SAME{index}", north_km=1.5, east_km=1.5)
    for index in range(4):
        offer_at(lyon, reference=f"FAR{index}", north_km=3 + index)
    return DemandFactory(workplace_commune=lyon, wished_communes=["69123"], household_size=2, max_rent=None)


@pytest.mark.parametrize("cap", [3, 100])
@pytest.mark.parametrize(("offset", "limit"), [(0, 6), (3, 3), (6, 4), (5, 8)])
def test_offers_at_one_place_are_ordered_by_id_across_the_page_limit(
    crowded_building, monkeypatch, cap, offset, limit
):
    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    expected = [o.reference for o in OfferSearch(crowded_building).results()[offset : offset + limit]]
    search = OfferSearch(crowded_building)
    search.count()
    assert [offer.reference for offer in search.page(offset, limit)] == expected


@pytest.mark.parametrize("limit", [3, 6, 9])
def test_the_map_reads_the_nearest_markers_in_the_order_of_the_list(crowded_building, limit):
    expected = [offer.pk for offer in OfferSearch(crowded_building).results()[:limit]]
    assert [row["id"] for row in OfferSearch(crowded_building).markers(limit)] == expected


def test_matches_beyond_the_offers_scanned_around_the_workplace_are_still_found(demand, monkeypatch):
    """The map's read nearest first examines a bounded number of offers around the workplace; when the matches lie
    beyond them (here none of the nearest offers fits), the search reads them otherwise, in the same order."""
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", 2)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 1)
    lyon = demand.workplace_commune
    for index in range(6):
        offer_at(lyon, reference=f"BIG{index}", north_km=0.01 * index, typology="T6", rooms=6, bedrooms=5)
    filters = OfferFilters(fit=False, min_rooms=1)
    expected = [offer.pk for offer in OfferSearch(demand, filters).results()[:4]]
    assert [row["id"] for row in OfferSearch(demand, filters).markers(4)] == expected
    assert not {row["id"] for row in OfferSearch(demand, filters).markers(4)} & set(
        Offer.objects.filter(reference__startswith="BIG").values_list("pk", flat=True)
    )


needs_the_index = pytest.mark.skipif(connection.vendor != "postgresql", reason="circles read after the GiST index")


@needs_the_index
@pytest.mark.parametrize("last_circle_km", [30, 0.5])  # 0.5: the circles give up early and the search is read whole
@pytest.mark.parametrize("limit", [1, 3, 10, 30, 45, 60])
def test_markers_read_within_circles_are_those_of_the_full_sort(demand, monkeypatch, limit, last_circle_km):
    """When the bounded read nearest first finds too few matches, circles of growing radius around the workplace
    (sized by the matches found) give exactly the first markers of the list's order."""
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", 2)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 1)
    monkeypatch.setattr(selectors, "MAP_LAST_CIRCLE_KM", last_circle_km)
    expected = [offer.pk for offer in OfferSearch(demand, OfferFilters(fit=False)).results()[:limit]]
    assert [row["id"] for row in OfferSearch(demand, OfferFilters(fit=False)).markers(limit)] == expected


@needs_the_index
@pytest.mark.parametrize("limit", [3, 6, 9])
def test_the_offers_of_one_building_are_ordered_by_id_within_a_circle(crowded_building, monkeypatch, limit):
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", 1)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 0)
    expected = [offer.pk for offer in OfferSearch(crowded_building).results()[:limit]]
    assert [row["id"] for row in OfferSearch(crowded_building).markers(limit)] == expected


@needs_the_index
@pytest.mark.parametrize("scan_min", [2000, 1])  # 1: the bounded read misses, the circles carry the bound
def test_the_bound_on_what_the_demand_can_afford_keeps_every_marker_of_the_list(monkeypatch, scan_min):
    """The map bounds the ability cost by the most the demand can afford (for its index): the markers are still
    the list's, private lettings (no ability-to-pay rule) included however dear."""
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", scan_min)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 0)
    lyon = CommuneFactory()
    demand = DemandFactory(
        workplace_commune=lyon,
        wished_communes=["69123"],
        wished_typologies=["T1"],
        household_size=1,
        max_rent=None,
        reference_income=15000,
        monthly_resources=1200,
    )
    bound = OfferSearch(demand).eligibility.max_housing_cost()
    assert bound is not None
    for index in range(8):
        rent = bound - 80 if index % 2 else bound + 20  # affordable, or just not
        offer_at(lyon, reference=f"S{index}", north_km=0.3 * index, typology="T1", rooms=1, rent=rent, charges=0)
    dear = offer_at(lyon, reference="PRIVATE", north_km=0.1, typology="T1", rooms=1, private=True, financing="FREE")
    dear.rent = bound * 3
    dear.save()

    expected = [offer.pk for offer in OfferSearch(demand).results()]
    markers = [row["id"] for row in OfferSearch(demand).markers(20)]
    assert markers == expected
    assert dear.pk in markers
    assert len(markers) == 5  # the four affordable social homes and the private one


@needs_the_index
def test_an_income_over_every_ceiling_still_sees_the_private_free_rents_on_the_map(monkeypatch):
    """The map keeps only the financings the income allows (for its indexes): over every ceiling, the private
    lettings at a free rent, the same as the list."""
    monkeypatch.setattr(selectors, "NEAREST_SCAN_MIN", 1)
    monkeypatch.setattr(selectors, "NEAREST_SCAN_PER_MARKER", 0)
    lyon = CommuneFactory()
    demand = DemandFactory(
        workplace_commune=lyon, wished_communes=["69123"], household_size=1, max_rent=None, reference_income=500000
    )
    assert OfferSearch(demand).eligibility.possible_financings() == ("FREE",)
    for index, financing in enumerate(["PLAI", "PLUS", "PLS", "LLI"]):
        offer_at(lyon, north_km=0.2 * index, financing=financing)
    free = offer_at(lyon, north_km=0.5, private=True, financing="FREE")
    assert [row["id"] for row in OfferSearch(demand).markers(10)] == [free.pk]
    assert [offer.pk for offer in OfferSearch(demand).results()] == [free.pk]


def _destination(lat: float, lng: float, km: float, bearing: float) -> tuple[float, float]:
    """The point `km` away on the sphere of logis_earth, towards `bearing` (degrees)."""
    angle, lat1, lng1, theta = km / 6378.168, radians(lat), radians(lng), radians(bearing)
    lat2 = asin(sin(lat1) * cos(angle) + cos(lat1) * sin(angle) * cos(theta))
    lng2 = lng1 + atan2(sin(theta) * sin(angle) * cos(lat1), cos(angle) - sin(lat1) * sin(lat2))
    return degrees(lat2), (degrees(lng2) + 540) % 360 - 180


@pytest.mark.parametrize(
    ("lat", "lng", "km"),
    [(48.85, 2.35, 10), (43.3, 5.37, 300), (-13.28, 179.9, 50), (89.9, 0.0, 50), (-21.1, 55.5, 1)],
)
def test_a_circle_is_held_in_its_box_near_a_pole_and_across_the_antimeridian(lat, lng, km):
    from logis.offers.selectors import Origin, _circle_bounds

    south, north, west, east, chord = _circle_bounds(Origin("Origine", lat, lng), km)
    for bearing in range(0, 360, 5):
        point_lat, point_lng = _destination(lat, lng, km, bearing)
        assert south <= point_lat <= north
        assert west <= point_lng <= east
    assert km * 1000 * 0.999 < chord < km * 1000  # the chord, a little shorter than the arc
