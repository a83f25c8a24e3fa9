"""What the law owes the applicant in "Mes candidatures": score with breakdown, positionnement, average wait."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import TransitionLog
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
    assert "pour les 2 demandes de 1 personne attribuées dans le département 69" in page
    assert "provisoire" in page


def test_average_wait_is_not_yet_known_without_attributed_similar_demands(client):
    mine = application_for(OfferFactory())
    attributed(OfferFactory(), filed_months_ago=10, household_members=[{}])  # two persons: not similar
    client.force_login(mine.demand.owner)
    page = html.unescape(client.get(LIST).content.decode())
    assert "Pas encore connu" in page
    assert average_wait(household_size=2, departement="69").months == 10


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


def test_mes_candidatures_query_count_stays_bounded(client, django_assert_max_num_queries):
    offer = OfferFactory()
    mine = application_for(offer)
    for _ in range(6):
        application_for(offer)
    for _ in range(3):
        old = application_for(OfferFactory(), filed_at=timezone.now() - dt.timedelta(days=90))
        old.demand = mine.demand
        old.state = "withdrawn"
        old.save()
    client.force_login(mine.demand.owner)
    with django_assert_max_num_queries(20):
        assert client.get(LIST).status_code == 200
