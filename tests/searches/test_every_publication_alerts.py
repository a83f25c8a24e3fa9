"""Every path that publishes an offer runs the same effect: the saved searches' immediate alerts (issue #10, 4).

The landlord's workspace, the partner API (POST /api/v1/offers, /offers/sales, /offers/{id}/status) and the admin
of the Logis team and of the agents all end in `logis.offers.events.offer_status_saved`.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from logis.accounts.models import User
from logis.api.services import api_key_create
from logis.landlords.services import offer_set_status
from logis.offers.models import Offer
from logis.organizations.models import Membership
from logis.searches.models import SavedSearch, SearchAlertSent
from tests.api.conftest import LANDLORD_SCOPES, ApiClient
from tests.factories import MembershipFactory, add_mfa
from tests.offers.factories import offer_at
from tests.searches.conftest import saved

pytestmark = pytest.mark.django_db


@pytest.fixture
def logis_team(client):
    admin = User.objects.create_superuser(email="equipe@logis.example", password="x")
    add_mfa(admin)  # mandatory for the Logis team
    client.force_login(admin)
    return admin


@pytest.fixture
def queued(monkeypatch):
    """The offers whose immediate alerts were handed to the task queue."""
    offers = []
    monkeypatch.setattr("logis.searches.effects.send_immediate_alerts.delay", offers.append)
    return offers


def _admin_form(offer: Offer, **changes) -> dict:
    data = {
        "landlord": offer.landlord_id,
        "reference": offer.reference,
        "title": offer.title,
        "status": offer.status,
        "financing": offer.financing,
        "description": offer.description,
        "kind": offer.kind,
        "typology": offer.typology,
        "surface": str(offer.surface),
        "rooms": offer.rooms,
        "bedrooms": offer.bedrooms,
        "floor": offer.floor,
        "energy_class": offer.energy_class,
        "rent": str(offer.rent),
        "charges": str(offer.charges),
        "available_on": offer.available_on.isoformat(),
        "address": offer.address,
        "commune": offer.commune_id,
        "lat": str(offer.lat),
        "lng": str(offer.lng),
    }
    data.update(changes)
    return data


def test_an_offer_published_by_the_logis_team_in_the_admin_sends_the_immediate_alerts(
    client, logis_team, demand, lyon, django_capture_on_commit_callbacks
):
    search = saved(demand.owner, frequency=SavedSearch.Frequency.IMMEDIATE, name="Tout de suite")
    offer = offer_at(lyon, title="T2 publié par l'équipe", status=Offer.Status.DRAFT, published_at=None)
    change = reverse("admin:offers_offer_change", args=[offer.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, _admin_form(offer, status=Offer.Status.PUBLISHED))
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer.refresh_from_db()
    assert offer.published_at is not None
    assert SearchAlertSent.objects.filter(search=search, offer=offer).exists()
    assert [m.to for m in mail.outbox if "T2 publié par l'équipe" in m.body] == [[demand.owner.email]]
    # Saved again as it is: still published, no second alert.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(change, _admin_form(offer, title="T2 publié par l'équipe, rénové"))
    assert sum("T2 publié par l'équipe" in m.body for m in mail.outbox) == 1


def test_an_offer_added_published_in_the_admin_queues_its_alerts_and_a_draft_does_not(
    client, logis_team, lyon, queued, django_capture_on_commit_callbacks
):
    model = offer_at(lyon, status=Offer.Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:offers_offer_add"), _admin_form(model, reference="ADM-DRAFT"))
        client.post(
            reverse("admin:offers_offer_add"),
            _admin_form(model, reference="ADM-LIVE", status=Offer.Status.PUBLISHED),
        )
    assert queued == [Offer.objects.get(reference="ADM-LIVE").pk]


def test_the_landlord_s_workspace_and_every_api_path_queue_the_alerts_of_what_they_publish(
    lyon, queued, django_capture_on_commit_callbacks
):
    from tests.api.test_api import offer_payload, sale_payload

    agent = MembershipFactory(role=Membership.Role.AGENT, organization__landlord=True).user
    landlord = agent.memberships.get().organization
    api = ApiClient(api_key_create(organization=landlord, name="SI", scopes=LANDLORD_SCOPES, by=agent).secret)
    workspace = offer_at(lyon, landlord=landlord, status=Offer.Status.DRAFT, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        offer_set_status(offer=workspace, action="publish", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post("/api/v1/offers", offer_payload(lyon, publish=True)).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        sale = api.post("/api/v1/offers/sales", sale_payload(lyon, publish=True)).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        draft = api.post("/api/v1/offers", offer_payload(lyon, title="Brouillon")).json()["id"]
    assert queued == [workspace.pk, created, sale]  # a draft alerts no one
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/offers/{draft}/status", {"action": "publish"})
    assert response.status_code == 200, response.content
    assert queued == [workspace.pk, created, sale, draft]


def test_an_offer_suspended_in_the_admin_tells_the_favourites(
    client, logis_team, demand, lyon, django_capture_on_commit_callbacks
):
    from logis.searches.models import Favourite

    offer = offer_at(lyon, title="T2 gardé de côté", published_at=timezone.now() - dt.timedelta(days=1))
    Favourite.objects.create(owner=demand.owner, offer=offer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:offers_offer_change", args=[offer.pk]), _admin_form(offer, status=Offer.Status.SUSPENDED)
        )
    assert any("T2 gardé de côté" in m.body for m in mail.outbox if m.to == [demand.owner.email])
