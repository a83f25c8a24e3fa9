"""Reading a page nearest first within growing circles gives exactly the page of the full sort; counts are capped."""

import random

import pytest

from logis.offers import selectors
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
    # the landlord policies, the matches with their distances, the page's rows, their communes, their photos
    with django_assert_num_queries(5):
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
