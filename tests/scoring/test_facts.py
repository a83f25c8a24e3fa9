"""From a register demand and an offer to the facts of the cotation."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from logis.employers.models import EmployerPriorities
from logis.scoring.facts import FactsContext, demand_facts, months_between
from tests.factories import ApplicationFactory, CommuneFactory, OfferFactory, OrganizationFactory
from tests.scoring.factories import demand_from_register, months_ago

pytestmark = pytest.mark.django_db

CHILD = {"relation": "enfant", "is_dependent": True, "birth_date": dt.date(2016, 4, 1)}


def facts(demand, offer=None, today=None):
    return demand_facts(demand, offer, context=FactsContext(today=today or timezone.localdate()))


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2024, 1, 31), dt.date(2024, 2, 29)) == 0
    assert months_between(dt.date(2024, 1, 15), dt.date(2025, 1, 15)) == 12
    assert months_between(dt.date(2025, 1, 15), dt.date(2024, 1, 15)) == 0
    assert months_between(None, dt.date(2024, 1, 15)) is None


@pytest.mark.parametrize(
    ("housing", "reasons", "expected"),
    [
        ("sans_abri", [], "homeless"),
        ("heberge_tiers", [], "hosted"),
        ("chez_parents", [], "hosted"),
        ("logement_temporaire", [], "temporary_housing"),
        ("hotel", [], "temporary_housing"),
        ("autre", ["sans_logement"], "hosted"),
        ("locataire_prive", [], None),
    ],
)
def test_situation_comes_from_the_current_housing(housing, reasons, expected):
    result = facts(demand_from_register(current_housing=housing, reasons=reasons))
    flags = {name for name in ("homeless", "hosted", "temporary_housing") if getattr(result, name)}
    assert flags == ({expected} if expected else set())


def test_motifs_give_eviction_violence_substandard_and_disability():
    result = facts(demand_from_register(reasons=["expulsion", "violences", "non_decent", "handicap"]))
    assert result.eviction_threat
    assert result.domestic_violence
    assert result.substandard_housing
    assert result.disability
    plain = facts(demand_from_register(reasons=["trop_cher"]))
    assert not plain.eviction_threat
    assert not plain.domestic_violence
    assert not plain.substandard_housing
    assert not plain.disability


def test_a_disabled_household_member_counts():
    member = {**CHILD, "has_disability": True}
    assert facts(demand_from_register(members=[member])).disability


def test_single_parent_and_large_family():
    single = facts(demand_from_register(members=[CHILD]))
    assert single.single_parent
    assert not single.large_family
    couple = facts(demand_from_register(members=[{"relation": "conjoint", "is_dependent": False}, CHILD]))
    assert not couple.single_parent
    large = facts(demand_from_register(members=[CHILD, CHILD, CHILD]))
    assert large.large_family
    assert large.single_parent


@pytest.mark.parametrize(
    ("surface", "occupants", "reasons", "expected"),
    [(14, 2, [], True), (16, 2, [], False), (30, 4, [], True), (34, 4, [], False), (None, 3, ["trop_petit"], True)],
)
def test_overcrowding_follows_the_surface_per_person(surface, occupants, reasons, expected):
    demand = demand_from_register(current_surface=surface, current_occupants=occupants, reasons=reasons)
    assert facts(demand).overcrowded is expected


def test_seniority_and_current_effort_rate():
    demand = demand_from_register(filed_at=months_ago(25), current_rent=900, monthly_resources=[
        {"code": "SAL", "amount": 2000}])  # fmt: skip
    result = facts(demand)
    assert result.seniority_months == 25
    assert result.current_effort_rate == pytest.approx(0.45)


def test_offer_facts_distance_sector_type_and_effort_rate():
    grenoble = CommuneFactory(grenoble=True)
    demand = demand_from_register(wished_typologies=["T3"], wished_kind="flat")  # works in Lyon, wishes Lyon
    near = OfferFactory(rent=Decimal("500"), charges=Decimal("100"), typology="T3")
    result = facts(demand, near)
    assert result.distance_to_work_km == 0
    assert result.offer_in_wished_commune
    assert result.offer_in_wished_departement
    assert result.housing_type_matches
    assert result.effort_rate == pytest.approx(600 / 2100)
    far = facts(demand, OfferFactory(commune=grenoble, typology="T2"))
    assert 80 < far.distance_to_work_km < 110
    assert not far.offer_in_wished_commune
    assert not far.offer_in_wished_departement
    assert not far.housing_type_matches
    villeurbanne = facts(demand, OfferFactory(commune=CommuneFactory(villeurbanne=True)))
    assert not villeurbanne.offer_in_wished_commune
    assert villeurbanne.offer_in_wished_departement


def test_income_under_the_plai_ceiling_of_the_offer_zone():
    # PLAI 2026, autres régions, catégorie 1: 12 870 € (logis/rules/data/ceilings_2026.toml).
    offer = OfferFactory()
    today = dt.date(2026, 6, 1)
    assert facts(demand_from_register(rfr_n2=12000, rfr_n1=None), offer, today).income_under_plai
    assert not facts(demand_from_register(rfr_n2=24000, rfr_n1=None), offer, today).income_under_plai


def test_employer_priorities_give_their_weights():
    employer = OrganizationFactory()
    EmployerPriorities.objects.create(
        organization=employer,
        permanent_contract_first=True,
        permanent_contract_points=7,
        min_seniority_months=24,
        seniority_points=4,
        updated_at=timezone.now(),
    )
    today = timezone.localdate()
    demand = demand_from_register(employer=employer, employment_start=today - dt.timedelta(days=800))
    result = facts(demand, today=today)
    assert result.permanent_contract
    assert (result.employer_permanent_contract_points, result.employer_seniority_points) == (7, 4)
    assert result.employer_seniority_reached
    no_employer = facts(demand_from_register(contract_type="CDD"))
    assert not no_employer.permanent_contract
    assert no_employer.employer_permanent_contract_points == 0


def test_an_empty_snapshot_gives_neutral_facts():
    demand = demand_from_register()
    demand.snapshot = {}
    result = facts(demand, OfferFactory())
    assert not result.homeless
    assert not result.disability
    assert not result.single_parent
    assert result.seniority_months == 0


def test_the_breakdown_says_why_with_the_figures_used():
    from logis.scoring.grid import grid_from_file

    demand = demand_from_register(rfr_n2=12000, rfr_n1=None, current_surface=14, current_occupants=2)
    result = grid_from_file().evaluate(facts(demand, OfferFactory(), dt.date(2026, 6, 1)))
    why = {line.code: line.why for line in result.breakdown}
    assert (
        "12\u202f000\u00a0€ ≤ plafond PLAI 2026, autres régions, catégorie 1 : 12\u202f870\u00a0€"
        in why["income_under_plai"]
    )
    assert "14\u00a0m² pour 2 occupants, moins que les 16\u00a0m²" in why["overcrowded"]


def test_the_staff_category_favoured_by_the_employer_counts(django_assert_max_num_queries):
    from logis.employers.models import Agreement
    from logis.scoring.services import rank_applications

    employer = OrganizationFactory()
    EmployerPriorities.objects.create(
        organization=employer, staff_categories=["cadre"], category_points=6, updated_at=timezone.now()
    )
    offer = OfferFactory()
    demands = {}
    for category in ("cadre", "ouvrier", ""):
        demand = demand_from_register(employer=employer)
        Agreement.objects.create(
            demand=demand, handler="employer", employer=employer, requested_at=timezone.now(), staff_category=category
        )
        ApplicationFactory(demand=demand, offer=offer)
        demands[category] = demand
    assert facts(demands["cadre"]).in_employer_priority_category
    assert not facts(demands["ouvrier"]).in_employer_priority_category
    assert not facts(demands[""]).in_employer_priority_category
    with django_assert_max_num_queries(8):
        ranking = rank_applications(offer)
    lines = {item.application.demand_id: {line.code: line.points for line in item.score.breakdown} for item in ranking}
    assert lines[demands["cadre"].pk]["employer_staff_category"] == 6
    assert "employer_staff_category" not in lines[demands["ouvrier"].pk]
