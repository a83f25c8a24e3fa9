"""Agents publish homes to buy in the same workspace, and answer the interests people send (ADR 0015)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.audit.models import SensitiveRead
from logis.landlords.forms import SaleOfferForm
from logis.notifications.models import OutboxMessage
from logis.offers.models import Offer, PurchaseInterest
from tests.factories import CommuneFactory, DemandFactory, MembershipFactory
from tests.offers.factories import home_to_buy

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("landlords:offer_create")


def _sale(**overrides):
    CommuneFactory()
    data = {
        "type": "vente",
        "title": "T3 en location-accession",
        "reference": "",
        "accession": "PSLA",
        "kind": "flat",
        "typology": "T3",
        "rooms": "3",
        "bedrooms": "2",
        "surface": "66",
        "floor": "1",
        "price": "212000",
        "charges": "85",
        "psla_fee": "790",
        "psla_acquisitive_part": "190",
        "psla_rental_months": "24",
        "address": "8 rue Garibaldi",
        "commune": "Lyon (69001)",
        "available_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
        "energy_class": "B",
        "description": "Programme neuf.",
    }
    data.update(overrides)
    return data


def test_an_agent_publishes_a_psla_with_its_rental_phase_and_it_reaches_the_buy_list(agent_client, offer):
    page = agent_client.get(f"{CREATE_URL}?type=vente").content.decode()
    assert "Publier un logement à vendre" in page
    assert 'name="psla_fee"' in page
    assert 'name="rent"' not in page
    response = agent_client.post(CREATE_URL, _sale())
    home = Offer.objects.get(title="T3 en location-accession")
    assert response.url == reverse("landlords:offer_preview", args=[home.pk])
    assert (home.accession, home.rent, home.financing) == ("PSLA", 0, "")
    assert (home.psla_fee, home.psla_acquisitive_part, home.psla_rental_months) == (790, 190, 24)
    preview = agent_client.get(response.url).content.decode()
    assert "Prix et conditions d'achat" in preview
    assert "Voir les acquéreurs intéressés" in preview


def test_a_brs_keeps_its_land_fee_and_not_the_psla_terms_typed_before_changing_the_kind(agent_client, offer):
    agent_client.post(CREATE_URL, _sale(accession="BRS", land_fee="110"))
    home = Offer.objects.get(title="T3 en location-accession")
    assert home.land_fee == 110
    assert home.psla_fee is None
    assert home.psla_rental_months is None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"accession": ""}, "accession", "Ce champ est obligatoire"),
        ({"price": "0"}, "price", "Indiquez un prix de vente supérieur à 0 €."),
        ({"accession": "BRS"}, "land_fee", "Un BRS a une redevance foncière"),
        ({"psla_fee": ""}, "psla_fee", "Indiquez la redevance mensuelle de la phase locative"),
        ({"psla_acquisitive_part": "900"}, "psla_acquisitive_part", "La part acquisitive fait partie de la redevance"),
        ({"psla_rental_months": "3"}, "psla_rental_months", "La phase locative d'un PSLA dure de 6 à 60 mois"),
        ({"accession": "VENTE_HLM", "energy_class": "G"}, "energy_class", "classé F ou G"),
        (
            {"accession": "VENTE_HLM", "priority_until": "2020-01-01"},
            "priority_until",
            "Cette date est passée",
        ),
    ],
)
def test_the_sale_form_says_in_french_what_to_fix(overrides, field, message):
    form = SaleOfferForm(_sale(**overrides))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_rental_offer_still_needs_its_financing(agent_client, offer):
    CommuneFactory()
    response = agent_client.post(
        CREATE_URL,
        {
            "title": "T2 sans financement",
            "kind": "flat",
            "typology": "T2",
            "rooms": "2",
            "bedrooms": "1",
            "surface": "45",
            "floor": "0",
            "rent": "430",
            "charges": "70",
            "address": "1 rue",
            "commune": "Lyon (69001)",
            "available_on": timezone.localdate().isoformat(),
            "energy_class": "C",
        },
    )
    assert response.status_code == 200
    assert not Offer.objects.filter(title="T2 sans financement").exists()


def test_the_seller_reads_the_interests_with_an_audit_row_each_and_answers_by_e_mail(client, agent_client, offer):
    home = home_to_buy(offer.commune, "PSLA", landlord=offer.landlord)
    demand = DemandFactory(workplace_commune=offer.commune)
    client.force_login(demand.owner)
    client.post(reverse("offers:purchase_interest", args=[home.pk]), {"consent": "on", "message": "Le soir"})
    interest = PurchaseInterest.objects.get()
    agent = offer.landlord.memberships.get().user
    client.force_login(agent)
    url = reverse("landlords:offer_interests", args=[home.pk])
    page = client.get(url).content.decode()
    assert "24\u202f000\xa0€" in page  # the household's income, as shared
    assert "Le soir" in page
    assert SensitiveRead.objects.filter(subject=demand.owner, purpose="purchase").count() == 1
    prefix = f"interet-{interest.pk}"
    client.post(url, {"interet": interest.pk, f"{prefix}-answer": "Visite possible mardi à 18 h."})
    interest.refresh_from_db()
    assert interest.state == "answered"
    assert OutboxMessage.objects.filter(
        to=demand.owner.email, idempotency_key=f"purchase_interest_answered:{interest.pk}"
    ).exists()
    client.force_login(demand.owner)
    assert "Visite possible mardi à 18 h." in client.get(reverse("offers:detail", args=[home.pk])).content.decode()


def test_another_landlords_agent_gets_a_404_on_the_interests(client, other_offer, offer):
    home = home_to_buy(offer.commune, "BRS", landlord=offer.landlord)
    stranger = MembershipFactory(organization=other_offer.landlord, role="agent").user
    client.force_login(stranger)
    assert client.get(reverse("landlords:offer_interests", args=[home.pk])).status_code == 404
