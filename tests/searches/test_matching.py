"""The set-based SQL of the alerts (one query per batch of searches) finds exactly what "Mes offres" finds for each
search (OfferSearch, one query per search), on random demands, filters and offers."""

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from logis.eligibility.models import LandlordPolicy
from logis.geo.models import Commune
from logis.offers.selectors import commune_q
from logis.searches import matching
from logis.searches.matching import Profiles, matches_by_search, matches_in_sql, new_matches, offer_boxes
from logis.searches.models import SavedSearch, SearchAlertSent
from tests.eligibility.test_sql_agrees_with_rules import TYPOLOGIES, _communes, _household
from tests.factories import CommuneFactory, DemandFactory, OfferFactory, OrganizationFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the set-based path is PostgreSQL's"),
]


def _criteria(rng: random.Random, communes) -> dict:
    criteria = {"perimetre": rng.choice(["adaptees", "adaptees", "toutes"])}
    options = {
        "financement": lambda: rng.choice(["social", "intermediaire", "prive"]),
        "commune": lambda: rng.choice([c.name for c in communes] + ["75001", "Inconnue-sur-Mer"]),
        "departement": lambda: rng.choice([c.departement for c in communes]),
        "distance": lambda: str(rng.choice([5, 10, 30, 100, 500])),
        "loyer_max": lambda: str(rng.randint(300, 1200)),
        "surface_min": lambda: str(rng.randint(20, 90)),
        "pieces": lambda: str(rng.randint(1, 5)),
        "chambres": lambda: str(rng.randint(1, 4)),
        "type_logement": lambda: rng.choice(["flat", "house"]),
        "accessible": lambda: "1",
    }
    for name, value in options.items():
        if rng.random() < 0.25:
            criteria[name] = value()
    return criteria


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_sql_and_mes_offres_agree_on_random_searches(seed):
    rng = random.Random(seed)
    communes = _communes()
    landlords = [OrganizationFactory(landlord=True) for _ in range(4)]
    LandlordPolicy.objects.create(organization=landlords[0], max_effort_rate=Decimal("0.25"))
    LandlordPolicy.objects.create(
        organization=landlords[1], max_effort_rate=Decimal("0.35"), min_reste_a_vivre_per_uc=Decimal("600")
    )
    now = timezone.now()
    offers = []
    for _ in range(70):
        private = rng.random() < 0.2
        commune = rng.choice(communes)
        rooms = rng.randint(1, 6)
        offers.append(
            OfferFactory(
                landlord=rng.choice(landlords),
                commune=commune,
                lat=commune.lat + rng.uniform(-0.4, 0.4),
                lng=commune.lng + rng.uniform(-0.5, 0.5),
                channel="private" if private else "social",
                financing=rng.choice(["FREE", "LLI"]) if private else rng.choice(["PLAI", "PLUS", "PLS", "LLI"]),
                typology=rng.choice(TYPOLOGIES),
                kind=rng.choice(["flat", "house"]),
                rooms=rooms,
                bedrooms=max(0, rooms - 1),
                surface=Decimal(rng.randint(18, 110)),
                rent=Decimal(rng.randint(20000, 110000)) / 100,
                charges=Decimal(rng.randint(0, 20000)) / 100,
                is_accessible=rng.random() < 0.3,
                individual_heating=rng.random() < 0.3,
                individual_flat_charge=rng.choice([Decimal(0), Decimal(rng.randint(2000, 9000)) / 100]),
                published_at=now - dt.timedelta(hours=rng.randint(0, 72)),
                status=rng.choice(["published"] * 9 + ["suspended"]),
            )
        )
    searches = []
    for index in range(14):
        size = rng.randint(1, 6)
        demand = DemandFactory(
            household_size=size,
            household=_household(rng, size),
            reference_income=rng.randint(8000, 60000),
            monthly_resources=rng.randint(900, 5000),
            accessibility_needed=rng.random() < 0.15,
            workplace_commune=rng.choice(communes + [None]),
            wished_communes=rng.sample([c.insee for c in communes], rng.randint(0, 2)),
            wished_typologies=rng.sample(TYPOLOGIES, rng.randint(0, 3)),
            wished_kind=rng.choice(["", "flat", "house"]),
            max_rent=rng.choice([None, rng.randint(400, 1100)]),
        )
        search = SavedSearch.objects.create(
            owner=demand.owner,
            name=f"Recherche {index}",
            criteria=_criteria(rng, communes),
            eligible_only=rng.random() < 0.7,
        )
        SavedSearch.objects.filter(pk=search.pk).update(created_at=now - dt.timedelta(hours=rng.randint(0, 80)))
        searches.append(search)
    # An already alerted pair is not new.
    SearchAlertSent.objects.create(search=searches[0], offer=offers[0])
    searches = list(SavedSearch.objects.select_related("owner__demand__workplace_commune").order_by("pk"))
    ids = [offer.pk for offer in offers]
    expected = matches_by_search(searches, ids)
    assert new_matches(searches, ids) == expected
    assert sum(len(v) for v in expected.values()) > 5  # the sample matches something...
    assert sum(len(v) for v in expected.values()) < len(searches) * len(offers) / 2  # ...and not everything


def test_one_query_per_batch_of_searches(demand, lyon, monkeypatch):
    monkeypatch.setattr(matching, "BATCH", 3)
    offer = OfferFactory(commune=lyon, published_at=timezone.now())
    for index in range(7):
        SavedSearch.objects.create(owner=demand.owner, name=f"R{index}", criteria={"perimetre": "adaptees"})
    SavedSearch.objects.update(created_at=timezone.now() - dt.timedelta(days=1))
    searches = list(SavedSearch.objects.select_related("owner__demand__workplace_commune"))
    profiles = Profiles.for_searches(searches, offer_boxes([offer.pk]))
    rows = [profiles.row(search) for search in searches]
    with CaptureQueriesContext(connection) as queries:
        pairs = matches_in_sql(rows, [offer.pk])
    assert len(queries) == 1
    assert len(pairs) == 7
    with CaptureQueriesContext(connection) as queries:
        new_matches(searches, [offer.pk])
    matching_queries = [q for q in queries.captured_queries if "jsonb_to_recordset" in q["sql"]]
    assert len(matching_queries) == 3  # 7 searches by batches of 3


def test_communes_typed_in_searches_are_read_as_mes_offres_reads_them():
    communes = _communes()
    CommuneFactory(insee="69382", name="Lyon 2e Arrondissement", departement="69", region="84", postal_code="69002")
    CommuneFactory(insee="69999", name="Lyonnais-sur-Test", departement="69", region="84", postal_code="69990")
    texts = [
        "Lyon",
        "lyon",
        "LYON 2E ARRONDISSEMENT",
        "69002",
        "75056",
        "Paris (75001)",
        "Paris (69002)",
        "Guéret",
        "guéret",
        "Inconnue",
        "Lyo",
        "100%_",
        "2A004",
    ]
    found = matching.resolve_communes(texts)
    for text in texts:
        expected = sorted(Commune.objects.filter(commune_q(text, prefix="")).values_list("insee", "departement"))
        assert found[text] == expected, text
    assert found["Lyon"] == [("69123", "69"), ("69382", "69")]  # the arrondissements, not « Lyonnais »
    assert len(communes) == 6
