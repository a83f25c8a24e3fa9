"""Agents publish, edit, suspend and close their offers in the product, with validation and a preview."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.landlords.forms import OfferForm
from logis.offers.models import Offer
from tests.factories import ApplicationFactory, CommuneFactory

pytestmark = pytest.mark.django_db


def _data(**overrides):
    CommuneFactory()
    data = {
        "title": "T2 refait à neuf",
        "reference": "",
        "financing": "PLUS",
        "kind": "flat",
        "typology": "T2",
        "rooms": "2",
        "bedrooms": "1",
        "surface": "45.5",
        "floor": "3",
        "has_lift": "on",
        "rent": "430",
        "charges": "70",
        "address": "8 rue Garibaldi",
        "commune": "Lyon (69001)",
        "available_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "energy_class": "C",
        "description": "Proche du métro.",
    }
    data.update(overrides)
    return data


def test_an_agent_creates_a_draft_previews_it_then_publishes_it(agent_client, agent, offer):
    response = agent_client.post(reverse("landlords:offer_create"), _data())
    created = Offer.objects.get(title="T2 refait à neuf")
    assert response.url == reverse("landlords:offer_preview", args=[created.pk])
    assert created.status == "draft"
    assert created.landlord == offer.landlord
    assert created.reference.startswith(f"B{offer.landlord.pk}-")
    assert (created.lat, created.lng) == (created.commune.lat, created.commune.lng)
    preview = agent_client.get(response.url).content.decode()
    assert "telle que les demandeurs la verront" in preview
    assert "Publier l'offre" in preview
    agent_client.post(reverse("landlords:offer_status", args=[created.pk]), {"action": "publish"})
    created.refresh_from_db()
    assert created.status == "published"
    assert created.published_at is not None


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rent": "0"}, "rent", "supérieur à 0"),
        ({"bedrooms": "2"}, "bedrooms", "au plus 1 chambre"),
        ({"typology": "T3"}, "typology", "est un T2"),
        ({"surface": "12"}, "surface", "moins de 9 m² par pièce"),
        ({"commune": "Zzzyxville"}, "commune", "Aucune commune"),
    ],
)
def test_the_offer_form_explains_what_to_fix(overrides, field, message):
    form = OfferForm(_data(**overrides))
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_six_room_house_is_a_t6():
    form = OfferForm(_data(rooms="7", bedrooms="5", typology="T6", surface="140"))
    assert form.is_valid(), form.errors


def test_an_agent_edits_suspends_and_resumes_an_offer(agent_client, offer):
    response = agent_client.post(
        reverse("landlords:offer_edit", args=[offer.pk]),
        _data(title="T3 avec balcon, rénové", typology="T3", rooms="3", bedrooms="2", surface="64", reference="X-1"),
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.reference) == ("T3 avec balcon, rénové", "X-1")
    agent_client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "suspend"})
    offer.refresh_from_db()
    assert offer.status == "suspended"
    agent_client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == "published"


def test_an_offer_with_files_in_progress_does_not_close_by_hand(agent_client, offer):
    ApplicationFactory(offer=offer)
    response = agent_client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "close"}, follow=True)
    assert "1 candidature est en cours" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "published"


def test_an_offer_without_files_closes(agent_client, offer):
    agent_client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "close"})
    offer.refresh_from_db()
    assert offer.status == "closed"
    response = agent_client.get(reverse("landlords:offer_edit", args=[offer.pk]))
    assert response.status_code == 302
