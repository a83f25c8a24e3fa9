"""Grids per territory, live rankings, stored scores and their versions."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from logis.scoring.grid import grid_from_file
from logis.scoring.models import GridVersion, Score
from logis.scoring.services import (
    application_score_store,
    grid_version_ensure_default,
    grid_version_for,
    offer_scores_store,
    rank_applications,
    score_application,
)
from tests.factories import CommuneFactory, OfferFactory
from tests.scoring.factories import GridVersionFactory, application_for, months_ago

pytestmark = pytest.mark.django_db


def simple_criteria(points: int) -> dict:
    return {"criteria": [{"code": "homeless", "label": "Sans abri", "points": points,
                          "conditions": [{"fact": "homeless"}]}]}  # fmt: skip


# --- territory --------------------------------------------------------------------------------------------------


def test_without_any_stored_grid_the_platform_default_applies():
    version = grid_version_for(CommuneFactory())
    assert version.pk is None
    assert version.scope == GridVersion.Scope.NATIONAL
    assert version.criteria == grid_from_file().definition()


def test_the_most_specific_valid_grid_applies_epci_then_departement_then_national():
    lyon, villeurbanne, grenoble = CommuneFactory(), CommuneFactory(villeurbanne=True), CommuneFactory(grenoble=True)
    national = GridVersionFactory(version=1)
    rhone = GridVersionFactory(scope="departement", scope_code="69", version=1)
    metropole = GridVersionFactory(scope="epci", scope_code="200046977", communes=["69123"], version=1)
    assert grid_version_for(lyon) == metropole
    assert grid_version_for(villeurbanne) == rhone  # in the département, not listed in the EPCI's communes
    assert grid_version_for(grenoble) == national


def test_a_version_not_yet_valid_is_ignored_and_the_latest_valid_one_wins():
    lyon = CommuneFactory()
    today = timezone.localdate()
    first = GridVersionFactory(scope="departement", scope_code="69", version=1, valid_from=dt.date(2025, 1, 1))
    second = GridVersionFactory(scope="departement", scope_code="69", version=2, valid_from=today)
    GridVersionFactory(scope="departement", scope_code="69", version=3, valid_from=today + dt.timedelta(days=1))
    assert grid_version_for(lyon, today=today) == second
    assert grid_version_for(lyon, today=today - dt.timedelta(days=1)) == first


def test_the_grid_kept_in_the_cache_follows_every_version_created_edited_or_deleted(django_assert_num_queries):
    lyon = CommuneFactory()
    assert grid_version_for(lyon).pk is None  # the platform's default, now kept in the cache
    with django_assert_num_queries(0):
        assert grid_version_for(lyon).pk is None
    rhone = GridVersionFactory(scope="departement", scope_code="69", version=1)
    assert grid_version_for(lyon) == rhone
    rhone.communes, rhone.scope, rhone.scope_code = ["38185"], "epci", "200040715"  # Grenoble's, no more Lyon's
    rhone.save()
    assert grid_version_for(lyon).pk is None
    national = GridVersionFactory(version=1)
    assert grid_version_for(lyon) == national
    national.delete()
    assert grid_version_for(lyon).pk is None


def test_without_the_cache_the_grid_is_read_from_the_database(monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)  # the cache unreachable: every read misses
    lyon = CommuneFactory()
    rhone = GridVersionFactory(scope="departement", scope_code="69", version=1)
    assert grid_version_for(lyon) == rhone


# --- ranking ----------------------------------------------------------------------------------------------------


def test_ranking_puts_the_best_score_first_with_its_breakdown():
    offer = OfferFactory()
    ordinary = application_for(offer, filed_at=months_ago(2))
    homeless = application_for(offer, filed_at=months_ago(2), current_housing="sans_abri", current_rent=None)
    ranking = rank_applications(offer)
    assert [item.application for item in ranking] == [homeless, ordinary]
    assert [item.rank for item in ranking] == [1, 2]
    assert ranking[0].positionnement == "1er sur 2"
    assert ranking[1].positionnement == "2e sur 2"
    best = ranking[0].score
    assert "homeless" in {line.code for line in best.breakdown}
    assert best.total == sum(line.points for line in best.breakdown)
    assert best.total > ranking[1].score.total


def test_ties_go_to_the_older_demand_then_to_the_earlier_application():
    offer = OfferFactory()
    GridVersionFactory(criteria=simple_criteria(10))  # seniority does not count: equal scores
    now = timezone.now()
    recent = application_for(offer, filed_at=now - dt.timedelta(days=40), created_at=now - dt.timedelta(days=5))
    older = application_for(offer, filed_at=now - dt.timedelta(days=400), created_at=now - dt.timedelta(days=1))
    same_day_late = application_for(offer, filed_at=now - dt.timedelta(days=40), created_at=now - dt.timedelta(days=2))
    ranking = rank_applications(offer)
    assert {item.score.total for item in ranking} == {0}
    assert [item.application for item in ranking] == [older, recent, same_day_late]


def test_only_active_applications_are_ranked():
    offer = OfferFactory()
    active = application_for(offer)
    withdrawn = application_for(offer, current_housing="sans_abri")
    withdrawn.state = "withdrawn"
    withdrawn.save()
    assert [item.application for item in rank_applications(offer)] == [active]


def test_ranking_uses_the_grid_of_the_offer_territory():
    lyon_offer = OfferFactory()
    grenoble_offer = OfferFactory(commune=CommuneFactory(grenoble=True))
    GridVersionFactory(scope="departement", scope_code="69", criteria=simple_criteria(99))
    lyon = application_for(lyon_offer, current_housing="sans_abri")
    grenoble = application_for(grenoble_offer, current_housing="sans_abri")
    assert rank_applications(lyon_offer)[0].score.total == 99
    assert score_application(lyon).total == 99
    assert rank_applications(grenoble_offer)[0].score.grid_version.startswith("national")
    assert score_application(grenoble).total != 99


def test_ranking_a_thousand_does_not_query_per_applicant(django_assert_max_num_queries):
    offer = OfferFactory()
    for _ in range(5):
        application_for(offer)
    with django_assert_max_num_queries(4):
        assert len(rank_applications(offer)) == 5


# --- stored scores and versions --------------------------------------------------------------------------------


def test_a_stored_score_records_its_grid_version_and_a_new_version_does_not_rewrite_it():
    offer = OfferFactory()
    application = application_for(offer, current_housing="sans_abri", current_rent=None)
    first_version = GridVersionFactory(version=1, criteria=simple_criteria(10))
    first = application_score_store(application=application)
    assert first.grid_version == first_version
    assert first.total == 10 == first.result().total
    assert first.result().grid_version == "national-1"

    second_version = GridVersionFactory(version=2, criteria=simple_criteria(30))
    second = application_score_store(application=application)
    first.refresh_from_db()
    assert (first.total, first.grid_version, first.breakdown["total"]) == (10, first_version, 10)
    assert (second.total, second.grid_version) == (30, second_version)
    assert list(application.scores.all()) == [second, first]


def test_the_criteria_of_a_used_version_cannot_change():
    application = application_for(OfferFactory())
    version = GridVersionFactory(version=1, criteria=simple_criteria(10))
    application_score_store(application=application)
    version.criteria = simple_criteria(50)
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert "nouvelle version" in str(error.value)


def test_storing_without_any_grid_creates_the_national_default_once():
    offer = OfferFactory()
    application_for(offer)
    application_for(offer)
    scores = offer_scores_store(offer=offer)
    assert len(scores) == 2
    version = GridVersion.objects.get()
    assert (version.scope, version.version) == ("national", 1)
    assert grid_version_ensure_default() == version
    assert Score.objects.filter(grid_version=version).count() == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"scope": "departement", "scope_code": "6"}, "code du département"),
        ({"scope": "epci", "scope_code": "200046977", "communes": []}, "communes membres"),
        ({"scope": "epci", "scope_code": "2000", "communes": ["69123"]}, "SIREN"),
        ({"scope": "epci", "scope_code": "200046978", "communes": ["69123"]}, "clé de contrôle"),
        ({"scope": "national", "scope_code": "69"}, "pas de code"),
        ({"criteria": {"criteria": [{"code": "x", "label": "X", "points": -1}]}}, "positif ou nul"),
    ],
)
def test_grid_versions_are_validated_in_french(fields, message):
    version = GridVersionFactory.build(**fields)
    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert message in str(error.value)
