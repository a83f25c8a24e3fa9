"""Every published offer can be reached: walking the pages of "Mes offres" by their « Page suivante » link, in every
sort, finds each match exactly once, whether the count is exact or capped (« plus de N offres »).

The offers share places, rents and publication times (ties that only the primary key breaks), some are beyond the
demand's means (not eligible), some far from the workplace, some not published.
"""

import datetime as dt
import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.offers import selectors, views
from logis.offers.models import Offer
from logis.offers.selectors import OfferFilters, OfferSearch
from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

LIST_URL = reverse("offers:list")
SORTS = ("distance", "loyer", "recentes")


@pytest.fixture
def demand():
    lyon = CommuneFactory()
    grenoble = CommuneFactory(grenoble=True)
    rng = random.Random(10)
    published = timezone.now() - dt.timedelta(days=3)
    for index in range(48):
        km = rng.choice([0, 0, 0.5, 2, 2, 6, 12, 25])  # several offers at the very same place
        offer_at(
            grenoble if index % 9 == 0 else lyon,
            reference=f"R{index:02d}",
            north_km=km,
            east_km=km if index % 2 else 0,
            rent=Decimal(rng.choice(["400", "400", "450", "2900"])),  # 2 900 €: beyond the household's means
            published_at=published + dt.timedelta(hours=index % 4),  # four publication times for 48 offers
        )
    offer_at(lyon, reference="DRAFT", status=Offer.Status.DRAFT)
    offer_at(lyon, reference="CLOSED", status=Offer.Status.CLOSED)
    return DemandFactory(
        workplace_commune=lyon, wished_communes=["69123"], household_size=2, max_rent=None, wished_typologies=[]
    )


def walk(client, **params) -> list[int]:
    """The offers of every page, from page 1 following « Page suivante » until there is none."""
    seen, number = [], 1
    while True:
        response = client.get(LIST_URL, {**params, "par_page": "4", "page": str(number)})
        page = response.context["page_obj"]
        assert page.number == number
        seen += [offer.pk for offer in response.context["offers"]]
        html = response.content.decode()
        if not page.has_next():
            assert "Page suivante" not in html
            return seen
        assert re.search(rf"page={number + 1}\"[^>]*>Page suivante", html.replace("&amp;", "&"))
        number += 1
        assert number < 100, "the pages never end"


@pytest.fixture(params=[10, 100], ids=["count-capped", "count-exact"])
def cap(request, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", request.param)
    monkeypatch.setattr(views, "COUNT_CAP", request.param)
    return request.param


@pytest.mark.parametrize("sort", SORTS)
def test_all_offers_walked_page_by_page_are_each_published_offer_exactly_once(client, demand, cap, sort):
    client.force_login(demand.owner)
    search = OfferSearch(demand)
    live = list(Offer.objects.live())
    eligible = {offer.pk for offer in live if search.eligibility.verdict(offer).eligible}
    assert 0 < len(eligible) < len(live)  # both sides of the rules are walked

    may_apply = walk(client, perimetre="toutes", eligibilite="eligibles", tri=sort)
    others = walk(client, perimetre="toutes", eligibilite="autres", tri=sort)

    assert len(may_apply) == len(set(may_apply)), "an offer shown on two pages"
    assert len(others) == len(set(others)), "an offer shown on two pages"
    assert set(may_apply) == eligible
    assert set(others) | set(may_apply) == {offer.pk for offer in live}
    assert not set(others) & set(may_apply)


@pytest.mark.parametrize("sort", SORTS)
def test_the_offers_that_fit_the_demand_are_each_reached_once_in_the_order_of_the_full_sort(client, demand, cap, sort):
    client.force_login(demand.owner)
    sort_of = {"distance": selectors.Sort.DISTANCE, "loyer": selectors.Sort.RENT, "recentes": selectors.Sort.NEWEST}
    expected = [offer.pk for offer in OfferSearch(demand, OfferFilters(sort=sort_of[sort])).results()]
    assert len(expected) > 4 * 3  # several pages
    assert walk(client, tri=sort) == expected


def test_past_the_cap_the_count_says_more_than_and_the_pages_go_on(client, demand, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 10)
    monkeypatch.setattr(views, "COUNT_CAP", 10)
    client.force_login(demand.owner)
    response = client.get(LIST_URL, {"perimetre": "toutes", "par_page": "4", "page": "5"})
    html = " ".join(response.content.decode().split())
    assert "Plus de 10 offres trouvées — page 5" in html  # page 5 is past the 10 counted: it is still there
    assert len(response.context["offers"]) == 4
    assert "Page suivante" in html
    assert " sur " not in html.split("Plus de 10 offres trouvées")[1].split("</p>")[0]  # no made-up last page


@pytest.mark.parametrize("cap", [10, 100])
def test_a_page_past_the_end_shows_the_last_page(client, demand, monkeypatch, cap):
    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    monkeypatch.setattr(views, "COUNT_CAP", cap)
    client.force_login(demand.owner)
    last = walk(client, perimetre="toutes")[-1]
    for number in ("999", "abc", "-3"):
        response = client.get(LIST_URL, {"perimetre": "toutes", "par_page": "4", "page": number})
        offers = [offer.pk for offer in response.context["offers"]]
        assert offers
        if number == "999":
            assert offers[-1] == last
            assert not response.context["page_obj"].has_next()
        else:
            assert response.context["page_obj"].number == 1
