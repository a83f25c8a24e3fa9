"""What the law owes the applicant in "Mes candidatures": score with breakdown, positionnement, average wait."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application, TransitionLog
from logis.core.db import CompiledRows
from logis.scoring.selectors import ATTRIBUTED_STATE, average_wait
from tests.factories import OfferFactory
from tests.scoring.factories import application_for, months_ago

pytestmark = pytest.mark.django_db

LIST = reverse("applications:list")


def attributed(offer, *, filed_months_ago: int, household_members=()):
    """An application whose lease was signed today, for a demand filed `filed_months_ago` months ago."""
    application = application_for(offer, filed_at=months_ago(filed_months_ago), members=household_members)
    application.state = ATTRIBUTED_STATE
    application.save()
    TransitionLog.objects.create(
        application=application, transition="sign_lease", from_state="", to_state=ATTRIBUTED_STATE, at=timezone.now()
    )
    return application


def test_mes_candidatures_shows_score_breakdown_positionnement_and_average_wait(client):
    offer = OfferFactory()
    for _ in range(2):
        application_for(offer, current_housing="sans_abri", current_rent=None)  # ranked before
    mine = application_for(offer, filed_at=months_ago(14))
    application_for(offer, filed_at=months_ago(1))  # ranked after
    attributed(OfferFactory(), filed_months_ago=10)
    attributed(OfferFactory(), filed_months_ago=20)

    client.force_login(mine.demand.owner)
    page = html.unescape(client.get(LIST).content.decode())

    assert "Cotation de votre demande pour cette offre" in page
    assert "3e sur 4" in page
    assert "Ancienneté de la demande" in page
    assert "14 mois × 1 point" in page
    assert "Détail des points" in page
    assert "15 mois en moyenne" in page
    # R441-2-17: the wait by typology and location, the distribution among analogous demands.
    assert "pour les 2 attributions de logements T3 du département 69" in page
    assert "est supérieur ou égal à celui de" in page
    assert "des 4 demandes en cours pour des logements T3 du département 69" in page
    assert "Statut prioritaire" in page
    assert "ne compte pas les refus" in page
    assert "provisoire" in page


def test_average_wait_is_not_yet_known_without_attributions_of_the_same_typology_and_place(client):
    mine = application_for(OfferFactory(typology="T3"))
    attributed(OfferFactory(typology="T2", rooms=2, bedrooms=1), filed_months_ago=10)  # another typology
    client.force_login(mine.demand.owner)
    page = html.unescape(client.get(LIST).content.decode())
    assert "Pas encore connu : aucune attribution de logements T3 du département 69" in page
    assert average_wait(typology="T2", departement="69").months == 10
    assert average_wait(typology="T3", departement="69").months is None


def test_the_distribution_places_the_score_among_analogous_demands():
    from logis.scoring.selectors import score_distribution
    from logis.scoring.services import grid_version_for

    offer = OfferFactory(typology="T3")
    for _ in range(3):
        application_for(offer, current_housing="sans_abri", current_rent=None)  # more points
    application_for(OfferFactory(typology="T3"))  # another T3 of the département: analogous too
    application_for(OfferFactory(typology="T2", rooms=2, bedrooms=1))  # not analogous
    mine = application_for(offer)
    today = timezone.localdate()
    version = grid_version_for(offer.commune, today=today)
    from logis.scoring.services import score_application

    score = score_application(mine).total
    distribution = score_distribution(mine, score, version=version, today=today)
    assert distribution.count == 5
    assert distribution.at_or_below == 2  # mine and the other plain demand
    assert distribution.percent_at_or_below == 40
    assert distribution.highest > score


def test_the_distribution_reads_the_stored_scores_and_stores_the_missing_ones():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from logis.scoring.models import RankingScore
    from logis.scoring.selectors import score_distribution
    from logis.scoring.services import grid_version_for, score_application

    offer, other = OfferFactory(typology="T3"), OfferFactory(typology="T3")
    for _ in range(3):
        application_for(offer, current_housing="sans_abri", current_rent=None)
    theirs = application_for(other)
    mine = application_for(offer)
    today = timezone.localdate()
    version = grid_version_for(offer.commune, today=today)
    score = score_application(mine).total
    others = [score_application(application).total for application in theirs.offer.applications.all()]
    others += [score_application(application).total for application in offer.applications.exclude(pk=mine.pk)]
    live = sorted([*others, score])

    # No stored row yet: every one is computed, with this grid, and stored as the tasks would have.
    first = score_distribution(mine, score, version=version, today=today)
    assert (first.count, first.lowest, first.highest) == (5, live[0], live[-1])
    assert first.at_or_below == sum(1 for value in live if value <= score)
    assert RankingScore.objects.filter(computed_on=today).exclude(pk=mine.pk).count() == 4
    # Then it reads them: one query, the same distribution.
    with CaptureQueriesContext(connection) as queries:
        assert score_distribution(mine, score, version=version, today=today) == first
    assert len(queries) == 1
    # What it shows is the stored row of today and this grid...
    RankingScore.objects.filter(pk=theirs.pk).update(total=999)
    assert score_distribution(mine, score, version=version, today=today).highest == 999
    # ...a row of another day is computed again and stored...
    RankingScore.objects.filter(pk=theirs.pk).update(computed_on=today - dt.timedelta(days=1))
    assert score_distribution(mine, score, version=version, today=today) == first
    assert RankingScore.objects.get(pk=theirs.pk).computed_on == today
    # ...and a row of another grid is scored with the applicant's grid, not read.
    RankingScore.objects.filter(pk=theirs.pk).update(total=999, grid_key="autre-grille")
    assert score_distribution(mine, score, version=version, today=today) == first


def test_the_distribution_reads_the_most_recent_analogous_demands(monkeypatch):
    from logis.scoring import selectors
    from logis.scoring.services import grid_version_for, score_application

    offer = OfferFactory(typology="T3")
    oldest = application_for(offer, current_housing="sans_abri", current_rent=None, created_at=months_ago(3))
    for weeks in (2, 1):
        application_for(offer, created_at=timezone.now() - dt.timedelta(weeks=weeks))
    mine = application_for(offer)
    today = timezone.localdate()
    score = score_application(mine).total
    monkeypatch.setattr(selectors, "ANALOGOUS_LIMIT", 2)
    # The limit is in the SQL compiled once per process: a new compiled read, with the patched limit.
    monkeypatch.setattr(selectors, "_ANALOGOUS", CompiledRows(Application, selectors._analogous, str, str, int))
    distribution = selectors.score_distribution(
        mine, score, version=grid_version_for(offer.commune, today=today), today=today
    )
    assert distribution.count == 3  # the two most recent and mine
    assert distribution.highest < score_application(oldest).total  # the oldest, homeless, is not read


def test_a_closed_application_shows_no_positionnement(client):
    application = application_for(OfferFactory())
    application.state = "withdrawn"
    application.save()
    client.force_login(application.demand.owner)
    page = client.get(LIST).content.decode()
    assert f'id="candidature-{application.pk}"' in page
    assert "Positionnement" not in page


def test_the_applicant_sees_sensitive_criteria_of_their_own_score(client):
    mine = application_for(OfferFactory(), reasons=["violences"], applicant_has_disability=True)
    client.force_login(mine.demand.owner)
    page = html.unescape(client.get(LIST).content.decode())
    assert "Violences au sein du couple ou de la famille" in page
    assert "Situation de handicap dans le ménage" in page
    assert (
        "relève d'une catégorie prioritaire de l'article L441-1 du CCH : personne en situation de handicap, violences "
        "au sein du couple ou de la famille" in page
    )


def test_mes_candidatures_query_count_stays_bounded(client, django_assert_max_num_queries):
    from logis.scoring.services import ranking_ensure_current

    offer = OfferFactory()
    mine = application_for(offer)
    for _ in range(6):
        application_for(offer)
    for _ in range(3):
        old = application_for(OfferFactory(), filed_at=timezone.now() - dt.timedelta(days=90))
        old.demand = mine.demand
        old.state = "withdrawn"
        old.save()
    ranking_ensure_current(offer)  # what the tasks did as the applications came (the position reads these rows)
    client.force_login(mine.demand.owner)
    with django_assert_max_num_queries(20):
        assert client.get(LIST).status_code == 200


def test_mes_candidatures_with_an_application_in_progress_reads_its_cotation_in_few_queries(
    client, django_assert_max_num_queries
):
    offer = OfferFactory()
    application_for(offer, current_housing="sans_abri", current_rent=None)  # ranked before
    mine = application_for(offer, filed_at=months_ago(14))
    application_for(offer, filed_at=months_ago(1))  # ranked after
    attributed(OfferFactory(), filed_months_ago=10)
    client.force_login(mine.demand.owner)
    client.get(LIST)  # the stored scores made current once; the next views only read them
    with django_assert_max_num_queries(12) as captured:
        page = html.unescape(client.get(LIST).content.decode())
    assert "2e sur 3" in page
    assert "10 mois en moyenne" in page
    # The stored row and the count of the rows ahead of it: one query, not one each.
    reads = [query["sql"] for query in captured.captured_queries if 'FROM "scoring_rankingscore"' in query["sql"]]
    assert len([sql for sql in reads if sql.startswith('SELECT "scoring_rankingscore"')]) == 1
    assert not any(sql.startswith("SELECT COUNT(*)") for sql in reads)
