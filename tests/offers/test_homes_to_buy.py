"""Homes to buy (accession sociale, ADR 0015): kept apart from the rental search and from applications."""

import html
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application
from logis.applications.services import ApplicationError, application_submit
from logis.notifications.models import OutboxMessage
from logis.offers.models import PurchaseInterest
from logis.offers.selectors import Eligibility, OfferFilters, OfferSearch
from logis.organizations.models import Membership
from tests.factories import CommuneFactory, DemandFactory, MembershipFactory
from tests.offers.factories import home_to_buy, offer_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def lyon():
    return CommuneFactory()


@pytest.fixture
def demand(lyon):
    return DemandFactory(workplace_commune=lyon, household_size=2, with_information=True)


def test_the_rental_search_never_lists_a_home_to_buy_on_either_side_of_eligibility(demand, lyon):
    rental = offer_at(lyon, north_km=1)
    for kind in ("PSLA", "BRS", "VENTE_HLM"):
        home_to_buy(lyon, kind, north_km=1)
    for side in (Eligibility.ELIGIBLE, Eligibility.OTHERS):
        search = OfferSearch(demand, OfferFilters(fit=False, eligibility=side))
        found = list(search.results())
        assert all(not offer.is_for_sale for offer in found)
    assert [o.pk for o in OfferSearch(demand, OfferFilters(fit=False)).results()] == [rental.pk]


def test_applying_to_a_home_to_buy_is_refused_and_creates_no_application(demand, lyon):
    home = home_to_buy(lyon, "BRS")
    with pytest.raises(ApplicationError) as raised:
        application_submit(demand=demand, offer=home, by=demand.owner)
    assert raised.value.code == "offer_for_sale"
    assert "intérêt" in raised.value.message
    assert not Application.objects.exists()


def test_the_apply_button_posted_by_hand_on_a_home_to_buy_creates_nothing(client, demand, lyon):
    home = home_to_buy(lyon, "PSLA")
    client.force_login(demand.owner)
    response = client.post(reverse("applications:apply", args=[home.pk]), follow=True)
    assert "Ce logement est à acheter" in response.content.decode()
    assert not Application.objects.exists()


def test_the_database_refuses_a_home_to_buy_without_a_price_and_a_rental_without_financing(lyon):
    with pytest.raises(IntegrityError), transaction.atomic():
        home_to_buy(lyon, "PSLA", price=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        offer_at(lyon, financing="")


# --- Pages: « Louer / Acheter », the offer page of a home to buy, the interest sent to the seller -----------------

LIST_URL = reverse("offers:list")
BUY_URL = f"{LIST_URL}?projet=acheter"


@pytest.fixture
def buyer(client, demand):
    client.force_login(demand.owner)
    return demand.owner


def test_mes_offres_switches_between_renting_and_buying(client, buyer, lyon):
    offer_at(lyon, title="T2 à louer près du parc", north_km=1)
    home_to_buy(lyon, "PSLA", title="T3 en location-accession", north_km=1)
    rent_page = client.get(LIST_URL).content.decode()
    assert "T2 à louer près du parc" in rent_page
    assert "T3 en location-accession" not in rent_page
    assert 'href="/offres/?projet=acheter"' in rent_page
    buy_page = client.get(BUY_URL).content.decode()
    assert "T3 en location-accession" in buy_page
    assert "T2 à louer près du parc" not in buy_page
    assert 'aria-current="page">Acheter' in buy_page
    assert "215\u202f000\xa0€" in buy_page
    assert "1 logement à acheter" in buy_page


def test_the_buy_list_keeps_homes_above_the_ceiling_aside_unless_asked_and_then_says_why(client, demand, buyer, lyon):
    # Lyon is in zone A; the 2026 ceiling for 2 persons is 58 057 €.
    demand.reference_income = 60000
    demand.save()
    home_to_buy(lyon, "BRS", title="T3 en bail réel solidaire", north_km=1)
    home_to_buy(lyon, "VENTE_HLM", title="T4 vendu par son bailleur", north_km=1)
    default = client.get(BUY_URL).content.decode()
    assert "T3 en bail réel solidaire" not in default
    assert "T4 vendu par son bailleur" in default  # above the ceilings one is ranked last, not refused
    everything = client.get(f"{BUY_URL}&eligibilite=toutes").content.decode()
    assert "T3 en bail réel solidaire" in everything
    assert "Vos revenus dépassent le plafond de ce logement." in everything


def test_a_psla_page_gives_its_price_its_rental_phase_and_links_the_simulator_with_the_pret_accession(
    client, buyer, lyon
):
    home = home_to_buy(lyon, "PSLA")
    html = client.get(reverse("offers:detail", args=[home.pk])).content.decode()
    assert "215\u202f000\xa0€" in html
    assert "780\xa0€ par mois" in html  # the redevance
    assert "180\xa0€ par mois" in html  # its part acquisitive
    assert "24 mois au plus" in html
    assert (
        "/aides/simulateurs/plan-de-financement/?accession_principal=30000&amp;accession_months=300"
        "&amp;bank_principal=185000&amp;bank_months=300"
    ) in html
    assert "Je postule" not in html
    assert "Ce que Logis n'a pas pu vérifier" in html
    assert "valeur dérivée" in html


def test_the_simulator_opens_prefilled_from_the_offer_page_link(client, buyer, lyon):
    home = home_to_buy(lyon, "BRS")
    html = client.get(reverse("offers:detail", args=[home.pk])).content.decode()
    assert "95\xa0€ par mois" in html  # the land fee
    url = html.split('href="/aides/simulateurs/plan-de-financement/?')[1].split('"')[0].replace("&amp;", "&")
    page = client.get(f"/aides/simulateurs/plan-de-financement/?{url}")
    assert page.status_code == 400  # the bank's rate is still to type: the form says so, with the amounts kept
    text = page.content.decode()
    assert 'value="135000"' in text
    assert 'value="30000"' in text


def test_sending_an_interest_needs_consent_and_keeps_what_was_typed(client, buyer, lyon):
    home = home_to_buy(lyon, "PSLA")
    response = client.post(reverse("offers:purchase_interest", args=[home.pk]), {"message": "Disponible le soir"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cochez la case pour accepter la transmission" in html
    assert "Disponible le soir" in html
    assert not PurchaseInterest.objects.exists()


def test_an_interest_sent_twice_is_one_with_what_was_shared_and_it_can_be_withdrawn(client, demand, buyer, lyon):
    home = home_to_buy(lyon, "PSLA")
    url = reverse("offers:purchase_interest", args=[home.pk])
    for _ in range(2):
        client.post(url, {"message": "Disponible le soir", "consent": "on"})
    interest = PurchaseInterest.objects.get()
    assert interest.state == "sent"
    assert interest.consent_at is not None
    assert interest.shared["reference_income"] == demand.reference_income
    assert interest.shared["household_size"] == 2
    assert "Vos revenus permettent" in interest.shared["summary"]
    page = client.get(reverse("offers:detail", args=[home.pk])).content.decode()
    assert "Vous avez dit votre intérêt" in page
    client.post(reverse("offers:purchase_interest_withdraw", args=[interest.pk]))
    interest.refresh_from_db()
    assert interest.state == "withdrawn"


def test_an_interest_above_the_ceiling_is_refused_with_the_figures(client, demand, buyer, lyon):
    demand.reference_income = 90000
    demand.save()
    home = home_to_buy(lyon, "PSLA")
    response = client.post(reverse("offers:purchase_interest", args=[home.pk]), {"consent": "on"}, follow=True)
    assert "au-dessus du plafond 2026 du PSLA" in response.content.decode()
    assert not PurchaseInterest.objects.exists()


def test_an_interest_does_not_count_as_the_one_application_in_progress(client, demand, buyer, lyon):
    home = home_to_buy(lyon, "VENTE_HLM")
    client.post(reverse("offers:purchase_interest", args=[home.pk]), {"consent": "on"})
    assert PurchaseInterest.objects.filter(state="sent").count() == 1
    rental = offer_at(lyon, north_km=1)
    submission = application_submit(demand=demand, offer=rental, by=demand.owner)
    assert submission.created
    # And an application in progress does not stop an interest in another home to buy.
    other = home_to_buy(lyon, "BRS")
    client.post(reverse("offers:purchase_interest", args=[other.pk]), {"consent": "on"})
    assert PurchaseInterest.objects.filter(state="sent").count() == 2


def test_another_persons_interest_cannot_be_withdrawn(client, buyer, lyon):
    home = home_to_buy(lyon, "PSLA")
    stranger = DemandFactory(workplace_commune=lyon)
    client.force_login(stranger.owner)
    client.post(reverse("offers:purchase_interest", args=[home.pk]), {"consent": "on"})
    interest = PurchaseInterest.objects.get()
    client.force_login(buyer)
    response = client.post(reverse("offers:purchase_interest_withdraw", args=[interest.pk]))
    assert response.status_code == 404
    interest.refresh_from_db()
    assert interest.state == "sent"


# --- The seller is told; « Mes intérêts d'achat » -------------------------------------------------------------------


def test_the_sellers_agents_are_told_once_without_the_persons_data(client, demand, buyer, lyon):
    home = home_to_buy(lyon, "PSLA")
    agent = MembershipFactory(organization=home.landlord, role=Membership.Role.AGENT, user__first_name="Inès").user
    MembershipFactory(organization=home.landlord, role=Membership.Role.AGENT, is_active=False)
    MembershipFactory(organization=home.landlord, role=Membership.Role.COMMISSION)
    stranger = MembershipFactory(role=Membership.Role.AGENT).user  # an agent of another landlord
    url = reverse("offers:purchase_interest", args=[home.pk])
    for _ in range(2):  # a double click
        client.post(url, {"message": "Disponible le soir", "consent": "on"})
    told = OutboxMessage.objects.filter(template="purchase_interest_received")
    assert [message.to for message in told] == [agent.email]
    message = told.get()
    assert home.title in message.subject
    assert reverse("landlords:offer_interests", args=[home.pk]) in message.body
    for private in (buyer.last_name, buyer.email, str(demand.reference_income), "Disponible le soir"):
        assert private not in message.body
    assert not OutboxMessage.objects.filter(to=stranger.email).exists()


def test_mes_interets_lists_ones_own_interests_with_the_answer_and_withdraws_from_the_list(client, buyer, lyon):
    waiting = home_to_buy(lyon, "PSLA", title="T3 en PSLA près du parc")
    answered = home_to_buy(lyon, "BRS", title="T2 en BRS quai Perrache")
    for home in (waiting, answered):
        client.post(reverse("offers:purchase_interest", args=[home.pk]), {"consent": "on"})
    PurchaseInterest.objects.filter(offer=answered).update(
        state="answered", answer="Visite possible samedi matin.", answered_at=timezone.now()
    )
    someone_else = DemandFactory(workplace_commune=lyon)
    PurchaseInterest.objects.create(
        offer=home_to_buy(lyon, "VENTE_HLM", title="T4 d'une autre personne"),
        applicant=someone_else.owner,
        consent_at=timezone.now(),
    )
    page = html.unescape(client.get(reverse("offers:purchase_interests")).content.decode())
    assert "T3 en PSLA près du parc" in page
    assert "Visite possible samedi matin." in page
    assert "T4 d'une autre personne" not in page
    assert re.search(r"en attente aujourd'hui :\s*1\)", page)
    interest = PurchaseInterest.objects.get(offer=waiting)
    response = client.post(reverse("offers:purchase_interest_withdraw", args=[interest.pk]), {"retour": "interets"})
    assert response.url == reverse("offers:purchase_interests")
    interest.refresh_from_db()
    assert interest.state == "withdrawn"
    assert "Retirée" in html.unescape(client.get(response.url).content.decode())


def test_mes_interets_asks_a_visitor_to_sign_in(client):
    response = client.get(reverse("offers:purchase_interests"))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
