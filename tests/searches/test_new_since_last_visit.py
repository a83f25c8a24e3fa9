import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from logis.offers import selectors
from logis.offers.models import ListVisit
from logis.offers.selectors import Eligibility, OfferFilters, OfferSearch, Sort
from tests.factories import DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

LIST = reverse("offers:list")


def test_offers_published_since_the_previous_visit_are_shown(client, applicant, lyon):
    start = timezone.now()
    offer_at(lyon, title="T2 déjà vu", published_at=start - dt.timedelta(days=1))
    with time_machine.travel(start, tick=False):
        html = unescape(client.get(LIST).content.decode())
    assert "Nouvelles depuis votre dernière visite" not in html  # a first visit
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        offer_at(lyon, title="T2 tout nouveau", published_at=start + dt.timedelta(hours=2))
        html = unescape(client.get(LIST).content.decode())
    assert "Nouvelles depuis votre dernière visite" in html
    assert "1 offre de cette recherche" in html
    box = html.partition('new-since-title">')[2].partition("</section>")[0]
    assert "T2 tout nouveau" in box
    assert "T2 déjà vu" not in box


def test_the_visit_is_written_at_most_once_an_hour(client, applicant, lyon):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(LIST)
    first = ListVisit.objects.get(user=applicant)
    for minutes in (10, 30, 59):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            cache.clear()  # even without the cache, reading is enough within the hour
            client.get(LIST)
    visit = ListVisit.objects.get(user=applicant)
    assert (visit.seen_at, visit.previous_seen_at) == (first.seen_at, None)
    with time_machine.travel(start + dt.timedelta(minutes=61), tick=False):
        client.get(LIST)
    visit = ListVisit.objects.get(user=applicant)
    assert visit.previous_seen_at == first.seen_at


def test_no_query_of_the_visit_within_a_visit(client, applicant, lyon):
    client.get(LIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(LIST)
    assert not [q for q in queries.captured_queries if "offers_listvisit" in q["sql"]]


@pytest.mark.parametrize(
    "filters",
    [
        OfferFilters(),
        OfferFilters(fit=False),
        OfferFilters(fit=False, eligibility=Eligibility.OTHERS),
        OfferFilters(fit=False, eligibility=Eligibility.ANY, sort=Sort.RENT),
        OfferFilters(fit=False, commune="Lyon"),  # a join on the communes: counted by the queryset itself
    ],
)
@pytest.mark.parametrize("cap", [3, 100])
def test_the_new_offers_are_counted_as_the_search_finds_them(lyon, filters, cap, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", cap)
    since = timezone.now() - dt.timedelta(days=2)
    for days, rent in [(1, "300"), (3, "350"), (1, "2500"), (1, "420"), (5, "380"), (1, "390"), (1, "410")]:
        offer_at(lyon, published_at=since + dt.timedelta(days=2 - days), rent=Decimal(rent))
    demand = DemandFactory(workplace_commune=lyon, wished_communes=[lyon.insee], household_size=2, max_rent=None)
    search = OfferSearch(demand, filters)
    expected = search.matches.filter(published_at__gt=since).count()
    assert expected > 0
    assert OfferSearch(demand, filters).count_published_since(since) == min(expected, cap + 1)
