""" "Mes offres" shows the offers the demand is eligible to, and on request the others with their reasons;
"Je postule" refuses an ineligible offer with the reasons."""

from decimal import Decimal

import pytest
from django.urls import reverse

from logis.applications.models import Application
from logis.applications.services import ApplicationError, application_submit
from tests.factories import CommuneFactory, DemandFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

LIST_URL = reverse("offers:list")


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    """A couple working in Lyon: RFR 2024 of 24 000 €, 2 100 € a month."""
    return DemandFactory(
        with_information=True,
        workplace_commune=lyon,
        wished_communes=["69123"],
        wished_typologies=["T2", "T3"],
        household_size=2,
        reference_income=24000,
        monthly_resources=2100,
        max_rent=None,
    )


@pytest.fixture
def offers(lyon):
    return {
        "eligible": offer_at(lyon, title="T2 accessible à mes revenus", rent=Decimal("450"), charges=Decimal("60")),
        # 24 000 € is over the PLAI ceiling of a household of 2 in « autres régions » (18 753 € in 2026).
        "plai": offer_at(lyon, title="T2 très social", financing="PLAI", rent=Decimal("380"), charges=Decimal("50")),
        # 820 € for 2 100 € a month: a taux d'effort of 39 %.
        "expensive": offer_at(
            lyon, title="T3 cher", typology="T3", rooms=3, rent=Decimal("740"), charges=Decimal("80")
        ),
    }


def test_mes_offres_shows_eligible_offers_by_default(client, demand, offers):
    client.force_login(demand.owner)
    html = client.get(LIST_URL).content.decode()
    assert "T2 accessible à mes revenus" in html
    assert "T2 très social" not in html
    assert "T3 cher" not in html
    assert "1 offre trouvée" in html
    assert "Offres auxquelles vous pouvez postuler" in html
    assert "eligibilite=autres" in html


def test_the_other_offers_come_with_their_reasons(client, demand, offers):
    client.force_login(demand.owner)
    html = client.get(LIST_URL, {"eligibilite": "autres"}).content.decode()
    assert "T2 accessible à mes revenus" not in html
    assert "T2 très social" in html
    assert "T3 cher" in html
    assert "2 offres trouvées" in html
    assert "plafond PLAI 2026, autres régions, catégorie 2 : 18\u202f753\xa0€" in html
    assert "les ressources dépassent le plafond" in html
    assert "Taux d&#x27;effort : 39,0\xa0%" in html
    assert "le loyer est trop élevé pour les ressources" in html


def test_offer_detail_shows_the_verdict_and_no_apply_button_when_ineligible(client, demand, offers):
    client.force_login(demand.owner)
    html = client.get(reverse("offers:detail", args=[offers["plai"].pk])).content.decode()
    assert "Votre éligibilité à ce logement" in html
    assert "Vous ne pouvez pas postuler à cette offre" in html
    assert "les ressources dépassent le plafond" in html
    # Why not me: the smallest change, in words (a PLUS dwelling of the zone fits these resources).
    assert "Ce qui changerait : un logement financé en PLUS vous serait accessible" in html
    assert reverse("applications:apply", args=[offers["plai"].pk]) not in html

    html = client.get(reverse("offers:detail", args=[offers["eligible"].pk])).content.decode()
    assert "Vous remplissez les conditions de ce logement" in html
    assert reverse("applications:apply", args=[offers["eligible"].pk]) in html


def test_apply_refuses_an_ineligible_offer_with_the_reasons(demand, offers):
    with pytest.raises(ApplicationError) as refused:
        application_submit(demand=demand, offer=offers["expensive"], by=demand.owner)
    assert refused.value.code == "ineligible"
    assert "Taux d'effort : 39,0" in refused.value.message
    assert not Application.objects.filter(demand=demand).exists()


def test_je_postule_on_an_ineligible_offer_shows_the_reasons(client, demand, offers):
    client.force_login(demand.owner)
    response = client.post(reverse("applications:apply", args=[offers["plai"].pk]), follow=True)
    html = response.content.decode()
    assert "Vous ne pouvez pas postuler à cette offre" in html
    assert "plafond PLAI 2026" in html
    assert not Application.objects.filter(demand=demand).exists()


def test_apply_accepts_an_eligible_offer(demand, offers):
    submission = application_submit(demand=demand, offer=offers["eligible"], by=demand.owner)
    assert submission.created


def test_mes_offres_queries_stay_bounded_with_the_others_and_their_reasons(
    client, demand, lyon, django_assert_max_num_queries
):
    for index in range(15):
        offer_at(lyon, title=f"PLAI {index}", financing="PLAI", north_km=index / 10)
    client.force_login(demand.owner)
    # The first page of a visit also reads and writes when the person last came (« Nouvelles depuis… »): two more.
    with django_assert_max_num_queries(13):
        client.get(LIST_URL, {"eligibilite": "autres"})
    with django_assert_max_num_queries(11):
        response = client.get(LIST_URL, {"eligibilite": "autres"})
    assert response.content.decode().count("les ressources dépassent le plafond") == 15
