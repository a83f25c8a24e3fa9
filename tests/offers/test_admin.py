"""Landlord agents manage their own offers in the admin, and only theirs."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from logis.accounts.models import User
from logis.offers.models import Offer
from tests.factories import CommuneFactory, MembershipFactory, OfferFactory, OrganizationFactory, UserFactory, add_mfa

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:offers_offer_changelist")


@pytest.fixture
def agent():
    """A staff user, agent of one landlord, with the offer permissions of the agents' group."""
    group = Group.objects.create(name="Agents")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["offers", "geo"],
            codename__in=["add_offer", "change_offer", "view_offer", "view_commune"],
        )
    )
    membership = MembershipFactory(user__is_staff=True)
    membership.user.groups.add(group)
    return membership.user


@pytest.fixture
def own_offer(agent):
    return OfferFactory(landlord=agent.memberships.get().organization, title="Offre de mon bailleur")


@pytest.fixture
def other_offer():
    return OfferFactory(landlord=OrganizationFactory(landlord=True, name="Autre Bailleur"), title="Offre d'un autre")


def test_agent_lists_only_the_offers_of_their_landlord(client, agent, own_offer, other_offer):
    client.force_login(agent)
    html = client.get(CHANGELIST).content.decode()
    assert own_offer.reference in html
    assert other_offer.reference not in html


def test_agent_cannot_open_another_landlords_offer(client, agent, own_offer, other_offer):
    client.force_login(agent)
    assert client.get(reverse("admin:offers_offer_change", args=[own_offer.pk])).status_code == 200
    response = client.get(reverse("admin:offers_offer_change", args=[other_offer.pk]), follow=True)
    assert "Offre d&#x27;un autre" not in response.content.decode()
    assert response.redirect_chain[0][0] == reverse("admin:index")


def test_agent_cannot_change_another_landlords_offer(client, agent, other_offer):
    client.force_login(agent)
    client.post(reverse("admin:offers_offer_change", args=[other_offer.pk]), {"title": "Pris"})
    other_offer.refresh_from_db()
    assert other_offer.title == "Offre d'un autre"


def test_agent_can_choose_only_their_landlords_for_a_new_offer(client, agent, other_offer):
    client.force_login(agent)
    response = client.get(reverse("admin:offers_offer_add"))
    choices = list(response.context["adminform"].form.fields["landlord"].queryset)
    assert choices == [agent.memberships.get().organization]
    assert "Autre Bailleur" not in response.content.decode()


def test_agent_creates_an_offer_for_their_landlord_and_publishing_dates_it(client, agent):
    commune = CommuneFactory()
    landlord = agent.memberships.get().organization
    client.force_login(agent)
    data = {
        "landlord": landlord.pk,
        "reference": "NEW-1",
        "title": "T2 neuf",
        "status": Offer.Status.PUBLISHED,
        "financing": "PLUS",
        "description": "",
        "kind": "flat",
        "typology": "T2",
        "surface": "45",
        "rooms": "2",
        "bedrooms": "1",
        "floor": "1",
        "energy_class": "C",
        "rent": "400",
        "charges": "60",
        "available_on": "2030-01-01",
        "address": "1 rue de la Paix",
        "commune": commune.pk,
        "lat": "45.76",
        "lng": "4.84",
    }
    response = client.post(reverse("admin:offers_offer_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    offer = Offer.objects.get(reference="NEW-1")
    assert offer.landlord == landlord
    assert offer.departement == "69"
    assert offer.published_at is not None


def test_agent_cannot_create_an_offer_for_another_landlord(client, agent, other_offer):
    client.force_login(agent)
    response = client.post(reverse("admin:offers_offer_add"), {"landlord": other_offer.landlord.pk, "reference": "X"})
    assert response.status_code == 200
    assert "landlord" in response.context["adminform"].form.errors
    assert not Offer.objects.filter(reference="X").exists()


def test_an_inactive_membership_gives_no_offer(client, agent, own_offer):
    agent.memberships.update(is_active=False)
    client.force_login(agent)
    assert own_offer.reference not in client.get(CHANGELIST).content.decode()


def test_superuser_sees_every_offer(client, own_offer, other_offer):
    admin = User.objects.create_superuser(email="admin@exemple.fr", password="x")
    add_mfa(admin)  # mandatory for the Logis team
    client.force_login(admin)
    html = client.get(CHANGELIST).content.decode()
    assert own_offer.reference in html
    assert other_offer.reference in html


def test_commune_is_chosen_by_autocomplete(client, agent):
    CommuneFactory(villeurbanne=True)
    client.force_login(agent)
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": "villeur", "app_label": "offers", "model_name": "offer", "field_name": "commune"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Villeurbanne (69100)"]


def test_an_applicant_has_no_access_to_the_admin(client, own_offer):
    client.force_login(UserFactory())
    assert client.get(CHANGELIST).status_code == 302
