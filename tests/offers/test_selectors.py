import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from logis.geo.distance import haversine_km
from logis.offers.models import Offer
from logis.offers.selectors import (
    OfferFilters,
    OfferSearch,
    Sort,
    offers_for_demand,
    search_origin,
    suited_rooms,
    with_distances,
)
from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def grenoble():
    return CommuneFactory(grenoble=True)


@pytest.fixture
def demand(lyon):
    """Works in Lyon, wishes Lyon, a T2 or T3, at most 800 € charges included, household of 2.

    Income and resources make every financing and rent of these tests eligible: the tests here are about the fit
    and the filters (eligibility: tests/eligibility)."""
    return DemandFactory(
        workplace_commune=lyon,
        wished_communes=["69123"],
        wished_typologies=["T2", "T3"],
        max_rent=800,
        household_size=2,
        reference_income=18000,
        monthly_resources=3000,
    )


def refs(qs):
    return [offer.reference for offer in qs]


def test_rooms_suited_to_a_household_stop_before_under_occupation():
    assert suited_rooms(1) == (1, 2)
    assert suited_rooms(2) == (1, 3)
    assert suited_rooms(4) == (3, 5)


def test_default_fit_keeps_offers_matching_location_typology_rent_and_rooms(demand, lyon, grenoble):
    fits = offer_at(lyon, reference="FIT")
    offer_at(grenoble, reference="FAR-AWAY")
    offer_at(lyon, reference="T4", typology="T4", rooms=4, bedrooms=3)
    offer_at(lyon, reference="TOO-EXPENSIVE", rent=Decimal("750"), charges=Decimal("60"))
    offer_at(lyon, reference="DRAFT", status=Offer.Status.DRAFT)
    assert refs(offers_for_demand(demand)) == [fits.reference]


def test_default_fit_counts_rent_plus_charges_against_the_maximum(demand, lyon):
    offer_at(lyon, reference="EXACTLY", rent=Decimal("700"), charges=Decimal("100"))
    offer_at(lyon, reference="ONE-CENT-OVER", rent=Decimal("700"), charges=Decimal("100.01"))
    assert refs(offers_for_demand(demand)) == ["EXACTLY"]


def test_default_fit_excludes_a_wished_typology_too_big_for_the_household(lyon):
    single = DemandFactory(
        workplace_commune=lyon, wished_typologies=["T2", "T3"], household_size=1, reference_income=20000
    )
    offer_at(lyon, reference="T2")
    offer_at(lyon, reference="T3", typology="T3", rooms=3, bedrooms=2)
    assert refs(offers_for_demand(single)) == ["T2"]


def test_default_fit_includes_offers_near_the_workplace_in_another_departement(demand, lyon):
    ain = CommuneFactory(insee="01249", name="Miribel", departement="01", postal_code="01700", lat=45.8253, lng=4.9536)
    isere = CommuneFactory(insee="38053", name="Bourgoin-Jallieu", departement="38", lat=45.5862, lng=5.2736)
    offer_at(ain, reference="NEAR-12KM")
    offer_at(isere, reference="ISERE-38KM")
    assert refs(offers_for_demand(demand)) == ["NEAR-12KM"]


def test_default_fit_follows_wished_kind_and_accessibility(lyon):
    demand = DemandFactory(workplace_commune=lyon, wished_kind="house", accessibility_needed=True, household_size=2)
    offer_at(lyon, reference="FLAT", is_accessible=True)
    offer_at(lyon, reference="HOUSE", kind=Offer.Kind.HOUSE)
    offer_at(lyon, reference="ACCESSIBLE-HOUSE", kind=Offer.Kind.HOUSE, is_accessible=True)
    assert refs(offers_for_demand(demand)) == ["ACCESSIBLE-HOUSE"]


def test_all_offers_scope_drops_the_demand_criteria_but_keeps_live_only(demand, lyon, grenoble):
    offer_at(lyon, reference="FIT")
    offer_at(grenoble, reference="FAR-AWAY", typology="T3", rooms=3, bedrooms=2, rent=Decimal("850"))
    offer_at(lyon, reference="DRAFT", status=Offer.Status.DRAFT)
    assert sorted(refs(offers_for_demand(demand, OfferFilters(fit=False)))) == ["FAR-AWAY", "FIT"]


def test_financing_filter_separates_social_and_intermediate(demand, lyon):
    for financing in ("PLAI", "PLUS", "PLS", "LLI"):
        offer_at(lyon, reference=financing, financing=financing)
    social = offers_for_demand(demand, OfferFilters(financing="social"))
    intermediate = offers_for_demand(demand, OfferFilters(financing="intermediate"))
    both = offers_for_demand(demand, OfferFilters(financing="all"))
    assert sorted(refs(social)) == ["PLAI", "PLS", "PLUS"]
    assert refs(intermediate) == ["LLI"]
    assert len(both) == 4


def test_commune_filter_accepts_a_name_a_postal_code_and_a_city_with_arrondissements(demand, lyon):
    villeurbanne = CommuneFactory(villeurbanne=True)
    lyon_3 = CommuneFactory(insee="69383", name="Lyon 3e Arrondissement", postal_code="69003", lat=45.7514, lng=4.8685)
    offer_at(villeurbanne, reference="VILLEURBANNE")
    offer_at(lyon_3, reference="LYON-3")
    offer_at(lyon, reference="LYON")

    def found(text):
        return sorted(refs(offers_for_demand(demand, OfferFilters(commune=text))))

    assert found("villeurbanne") == ["VILLEURBANNE"]
    assert found("69100") == ["VILLEURBANNE"]
    assert found("Villeurbanne (69100)") == ["VILLEURBANNE"]
    assert found("Lyon") == ["LYON", "LYON-3"]
    assert found("69383") == ["LYON-3"]


def test_departement_filter_replaces_the_wished_location(demand, lyon, grenoble):
    offer_at(lyon, reference="LYON")
    offer_at(grenoble, reference="GRENOBLE")
    assert refs(offers_for_demand(demand, OfferFilters(departement="38"))) == ["GRENOBLE"]


def test_radius_filter_keeps_offers_within_the_distance_of_the_workplace(demand, lyon):
    offer_at(lyon, reference="N2", north_km=2)
    offer_at(lyon, reference="N9", north_km=9)
    offer_at(lyon, reference="E9", east_km=9)
    offer_at(lyon, reference="E11", east_km=11)  # without the cos(latitude) factor this would look 7.7 km away
    offer_at(lyon, reference="N14", north_km=14)
    assert refs(offers_for_demand(demand, OfferFilters(radius_km=5))) == ["N2"]
    assert sorted(refs(offers_for_demand(demand, OfferFilters(radius_km=10)))) == ["E9", "N2", "N9"]


def test_radius_filter_reaches_beyond_the_default_location(demand, lyon, grenoble):
    offer_at(grenoble, reference="GRENOBLE")
    assert refs(offers_for_demand(demand, OfferFilters(radius_km=100))) == ["GRENOBLE"]
    assert refs(offers_for_demand(demand, OfferFilters(radius_km=50))) == []


def test_max_rent_filter_replaces_the_demand_maximum(demand, lyon):
    offer_at(lyon, reference="480")
    offer_at(lyon, reference="850", rent=Decimal("770"), charges=Decimal("80"))
    assert sorted(refs(offers_for_demand(demand, OfferFilters(max_rent=900)))) == ["480", "850"]
    assert refs(offers_for_demand(demand, OfferFilters(max_rent=450))) == []


def test_surface_rooms_bedrooms_kind_and_accessibility_filters(demand, lyon):
    offer_at(lyon, reference="SMALL", surface=Decimal("38"))
    offer_at(lyon, reference="T3-HOUSE", typology="T3", rooms=3, bedrooms=2, kind=Offer.Kind.HOUSE, surface=70)
    offer_at(lyon, reference="ACCESSIBLE", is_accessible=True, surface=Decimal("48"))
    demand.wished_typologies = ["T2"]
    demand.save()

    def found(**filters):
        return sorted(refs(offers_for_demand(demand, OfferFilters(**filters))))

    assert found(min_surface=45) == ["ACCESSIBLE"]
    assert found(min_rooms=3) == ["T3-HOUSE"]  # the chosen rooms replace the wished typologies
    assert found(min_bedrooms=2) == ["T3-HOUSE"]
    assert found(kind="house", fit=False) == ["T3-HOUSE"]
    assert found(accessible_only=True) == ["ACCESSIBLE"]


def test_results_are_sorted_by_distance_to_the_workplace_by_default(demand, lyon):
    offer_at(lyon, reference="FAR", north_km=8)
    offer_at(lyon, reference="NEAR", east_km=1)
    offer_at(lyon, reference="MIDDLE", north_km=-4)
    assert refs(offers_for_demand(demand)) == ["NEAR", "MIDDLE", "FAR"]


def test_results_can_be_sorted_by_rent_or_newest(demand, lyon):
    now = timezone.now()
    offer_at(lyon, reference="OLD-CHEAP", rent=Decimal("300"), published_at=now - dt.timedelta(days=9))
    offer_at(lyon, reference="NEW-DEAR", rent=Decimal("600"), published_at=now)
    offer_at(lyon, reference="MID", rent=Decimal("450"), published_at=now - dt.timedelta(days=3))
    assert refs(offers_for_demand(demand, OfferFilters(sort=Sort.RENT))) == ["OLD-CHEAP", "MID", "NEW-DEAR"]
    assert refs(offers_for_demand(demand, OfferFilters(sort=Sort.NEWEST))) == ["NEW-DEAR", "MID", "OLD-CHEAP"]


def test_without_a_workplace_results_are_newest_first_and_the_radius_is_ignored(lyon):
    demand = DemandFactory(workplace_commune=None, household_size=2)
    now = timezone.now()
    offer_at(lyon, reference="OLDER", published_at=now - dt.timedelta(days=2))
    offer_at(lyon, reference="NEWER", published_at=now)
    assert search_origin(demand) is None
    assert refs(offers_for_demand(demand, OfferFilters(radius_km=5))) == ["NEWER", "OLDER"]


def test_displayed_distance_is_the_great_circle_distance(demand, lyon):
    offer = offer_at(lyon, north_km=3, east_km=4)
    [shown] = with_distances(offers_for_demand(demand), search_origin(demand))
    assert shown.distance_km == pytest.approx(haversine_km(lyon.lat, lyon.lng, offer.lat, offer.lng))
    assert shown.distance_km == pytest.approx(5.0, abs=0.05)


def test_the_page_explains_each_criterion_of_the_demand_and_which_filter_replaced_it(demand):
    search = OfferSearch(demand, OfferFilters(max_rent=900))
    labels = {part.criterion.key: part for part in search.fit_parts}
    assert "69" in labels["fit_location"].criterion.label
    assert "30 km" in labels["fit_location"].criterion.label
    assert labels["fit_typology"].criterion.label == "Typologie souhaitée : T2 ou T3"
    assert "800 €" in labels["fit_max_rent"].criterion.label
    assert labels["fit_max_rent"].replaced_by == "loyer maximum"
    assert labels["fit_location"].replaced_by == ""
    assert "foyer de 2 personnes" in labels["fit_rooms"].criterion.label


def test_relaxations_say_how_many_offers_each_dropped_criterion_lets_through(demand, lyon):
    offer_at(lyon, reference="480")
    offer_at(lyon, reference="ACCESSIBLE-900", rent=Decimal("820"), charges=Decimal("80"), is_accessible=True)
    search = OfferSearch(demand, OfferFilters(accessible_only=True))
    assert list(search.results()) == []
    relaxed = {r.criterion.key: r.count for r in search.relaxations()}
    assert relaxed == {"fit_max_rent": 1, "accessible_only": 1}


def test_an_offer_in_a_former_commune_takes_the_zone_of_the_commune_it_merged_into(db):
    from tests.factories import CommuneFactory, OfferFactory

    pierrefitte = CommuneFactory(insee="93059", name="Pierrefitte-sur-Seine", departement="93", region="11")
    offer = OfferFactory(commune=pierrefitte)
    assert offer.social_zone == "paris_limitrophes"  # Saint-Denis as a whole borders Paris
