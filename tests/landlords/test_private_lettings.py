"""Private offers (estate agencies, private owners) in the landlord's workspace, in « Mes offres », and the choice of
a tenant without a CALEOL: same transition table, the private channel's states (issue #19)."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.applications import reasons
from logis.applications.models import Application
from logis.applications.services import ApplicationError, application_submit, application_transition
from logis.applications.workflow import Role, TransitionNotAllowed
from logis.landlords.services import WorkspaceError, home_propose, lease_sign, visit_schedule
from logis.offers.models import Offer
from tests.factories import (
    ApplicationFactory,
    CommuneFactory,
    DemandFactory,
    MembershipFactory,
    OfferFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def agency(db):
    return OrganizationFactory(agency=True, name="Agence des Terreaux")


@pytest.fixture
def agency_client(client, agency):
    client.force_login(MembershipFactory(organization=agency).user)
    return client


def offer_data(**overrides):
    data = {
        "title": "T2 meublé près de la gare",
        "rent_regime": "free",
        "kind": "flat",
        "typology": "T2",
        "rooms": "2",
        "bedrooms": "1",
        "surface": "40",
        "floor": "1",
        "furnished": "on",
        "rent": "700",
        "charges": "50",
        "deposit": "1400",
        "tenant_fees": "320",
        "inventory_fee": "120",
        "address": "3 rue des Lilas",
        "commune": "26362",  # Valence: zone B1 of the ABC zoning (fee cap 10 €/m², derived)
        "available_on": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "energy_class": "D",
        "description": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def valence(db):
    return CommuneFactory(insee="26362", name="Valence", departement="26", region="84", postal_code="26000")


def test_an_agency_drafts_a_private_offer_with_the_fields_of_a_private_letting(agency_client, agency, valence):
    response = agency_client.post(reverse("landlords:offer_create"), offer_data())

    offer = Offer.objects.get()
    assert response["Location"] == reverse("landlords:offer_preview", args=[offer.pk])
    assert (offer.channel, offer.financing, offer.furnished, offer.deposit, offer.tenant_fees) == (
        "private",
        "FREE",
        True,
        Decimal("1400"),
        Decimal("320"),
    )


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"deposit": "1400.01"}, "deposit", "ne dépasse pas 2 mois de loyer hors charges"),
        ({"furnished": "", "deposit": "701"}, "deposit", "ne dépasse pas 1 mois de loyer hors charges"),
        ({"tenant_fees": "401"}, "tenant_fees", "plafonnés à 10\u00a0€/m²"),
        ({"inventory_fee": "121"}, "inventory_fee", "plafonnés à 3\u00a0€/m²"),
        ({"energy_class": "G"}, "energy_class", "classe énergie G"),
        (
            {"rent_regime": "intermediate", "rent": "700", "deposit": "700", "furnished": ""},
            "rent",
            "Un loyer intermédiaire",
        ),
    ],
)
def test_a_private_offer_above_a_legal_cap_is_refused_with_the_cap_and_nothing_is_saved(
    agency_client, valence, overrides, field, message
):
    response = agency_client.post(reverse("landlords:offer_create"), offer_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "T2 meublé près de la gare" in text(response)  # what was typed is kept
    assert not Offer.objects.exists()


def test_a_private_owner_charges_the_tenant_no_fee(client, valence):
    owner = OrganizationFactory(private_owner=True)
    client.force_login(MembershipFactory(organization=owner).user)
    refused = client.post(reverse("landlords:offer_create"), offer_data())
    assert "ne facture aucun frais au locataire" in " ".join(refused.context["form"].errors["tenant_fees"])
    client.post(reverse("landlords:offer_create"), offer_data(tenant_fees="0", inventory_fee="0"))
    assert Offer.objects.get().channel == "private"


def test_a_g_class_private_offer_saved_before_2025_rules_cannot_be_published_now(agency_client, agency):
    offer = OfferFactory(private=True, landlord=agency, status="draft", energy_class="G")
    response = agency_client.post(
        reverse("landlords:offer_status", args=[offer.pk]), {"action": "publish"}, follow=True
    )
    assert "classe énergie G n'est pas décent" in text(response)
    offer.refresh_from_db()
    assert offer.status == "draft"


def test_private_offers_appear_in_mes_offres_beside_social_ones_with_a_filter(client, agency):
    demand = DemandFactory(with_information=True, reference_income=900_000)  # far above every ceiling
    social = OfferFactory(title="T3 social")
    private = OfferFactory(private=True, landlord=agency, title="T3 de l'agence", commune=social.commune)
    client.force_login(demand.owner)

    everything = text(client.get(reverse("offers:list")))
    assert "T3 de l'agence" in everything  # a free rent keeps no income ceiling
    assert "T3 social" not in everything  # the social ceilings still hold for social offers
    assert "Parc privé" in everything
    only_private = text(client.get(reverse("offers:list"), {"financement": "prive", "eligibilite": "autres"}))
    assert "T3 social" not in only_private
    detail = text(client.get(reverse("offers:detail", args=[private.pk])))
    assert "Dépôt de garantie" in detail
    assert "plusieurs offres du parc privé en même temps" in detail


def test_an_intermediate_private_offer_keeps_the_intermediate_income_ceiling(client, agency):
    rich = DemandFactory(with_information=True, reference_income=900_000)
    OfferFactory(private=True, landlord=agency, financing="LLI", title="T3 à loyer intermédiaire")
    client.force_login(rich.owner)
    assert "T3 à loyer intermédiaire" not in text(client.get(reverse("offers:list")))


def test_the_applicant_follows_several_private_offers_and_one_social_one_at_once(agency):
    demand = DemandFactory(with_information=True)
    first, second = OfferFactory(private=True, landlord=agency), OfferFactory(private=True, landlord=agency)
    social, other_social = OfferFactory(), OfferFactory()

    for offer in (first, second, social):
        assert application_submit(demand=demand, offer=offer, by=demand.owner).created
    again = application_submit(demand=demand, offer=first, by=demand.owner)
    assert not again.created  # the same private offer twice: one application
    with pytest.raises(ApplicationError, match="Vous avez déjà une candidature en cours"):
        application_submit(demand=demand, offer=other_social, by=demand.owner)
    assert Application.objects.filter(demand=demand).active().count() == 3


def test_an_expired_social_demand_does_not_keep_the_applicant_from_a_private_offer(agency):
    demand = DemandFactory(with_information=True, register_status="attributed")
    assert application_submit(demand=demand, offer=OfferFactory(private=True, landlord=agency), by=demand.owner)


@pytest.fixture
def candidate(agency):
    return ApplicationFactory(offer=OfferFactory(private=True, landlord=agency))


@pytest.fixture
def agent(agency):
    return MembershipFactory(organization=agency).user


def test_the_owner_proposes_the_home_the_applicant_accepts_visit_and_lease(candidate, agent):
    now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)  # a Tuesday
    home_propose(application=candidate, answer_days=3, by=agent, now=now)
    candidate.refresh_from_db()
    assert (candidate.state, candidate.answer_deadline) == ("offer_made", dt.date(2026, 12, 4))
    application_transition(application=candidate, name="accept", by=candidate.demand.owner, role=Role.APPLICANT)
    visit_at = timezone.now() + dt.timedelta(days=2)
    visit_schedule(application=candidate, at=visit_at, by=agent)
    # The lease is recorded once the visit has taken place (issue #15).
    lease_sign(
        application=candidate, signed_on=timezone.localdate(visit_at), by=agent, now=visit_at + dt.timedelta(hours=1)
    )
    candidate.refresh_from_db()
    candidate.demand.refresh_from_db()
    assert candidate.state == "lease_signed"
    assert candidate.offer.__class__.objects.get(pk=candidate.offer_id).status == "closed"
    assert candidate.demand.register_status == "active"  # a private lease leaves the social demand in force


def test_the_caleol_steps_do_not_apply_to_a_private_letting_nor_propose_to_a_social_one(candidate, agent):
    with pytest.raises(TransitionNotAllowed, match="ne s'applique pas à une location du parc privé"):
        application_transition(application=candidate, name="validate", by=agent, role=Role.LANDLORD_AGENT)
    social = ApplicationFactory()
    social_agent = MembershipFactory(organization=social.offer.landlord).user
    with pytest.raises(TransitionNotAllowed, match="ne s'applique pas à un logement social"):
        application_transition(application=social, name="propose", by=social_agent, role=Role.LANDLORD_AGENT)


def test_the_home_is_proposed_to_one_candidate_at_a_time(candidate, agent):
    other = ApplicationFactory(offer=candidate.offer)
    home_propose(application=candidate, answer_days=5, by=agent)
    with pytest.raises(WorkspaceError, match="déjà proposé à"):
        home_propose(application=other, answer_days=5, by=agent)
    application_transition(
        application=candidate,
        name="refuse",
        by=candidate.demand.owner,
        role=Role.APPLICANT,
        reason_category=reasons.choices_for("refuse")[0][0],
    )
    home_propose(application=other, answer_days=5, by=agent)
    other.refresh_from_db()
    assert other.state == "offer_made"


@pytest.mark.parametrize("days", [1, 16])
def test_the_delay_to_answer_stays_within_the_platform_bounds(candidate, agent, client, days):
    client.force_login(agent)
    response = client.post(reverse("landlords:application_propose", args=[candidate.pk]), {"propose-days": days})
    assert response.status_code == 400
    candidate.refresh_from_db()
    assert candidate.state == "submitted"


def test_another_agency_sees_neither_the_candidates_nor_the_application(candidate, client):
    client.force_login(MembershipFactory(organization=OrganizationFactory(agency=True)).user)
    assert client.get(reverse("landlords:application", args=[candidate.pk])).status_code == 404
    assert client.get(reverse("landlords:offer_applicants", args=[candidate.offer_id])).status_code == 404


def test_the_candidates_page_shows_no_cotation_and_the_file_is_not_shared_yet(candidate, agent, client):
    client.force_login(agent)
    page = text(client.get(reverse("landlords:offer_applicants", args=[candidate.offer_id])))
    assert candidate.demand.owner.get_full_name() in page
    assert "Pas encore partagé avec vous" in page
    assert "Cotation" not in page
    detail = text(client.get(reverse("landlords:application", args=[candidate.pk])))
    assert "Proposer le logement à ce candidat" in detail
    assert candidate.demand.numero_unique not in detail


def test_a_lease_refused_before_the_visit_keeps_the_typed_date_and_says_when_to_record_it(candidate, agent, client):
    """The private letting's page shares the social one's visit and lease forms: a refused lease is shown again with
    what was typed and the date of the visit to come (issue #15)."""
    home_propose(application=candidate, answer_days=3, by=agent)
    application_transition(application=candidate, name="accept", by=candidate.demand.owner, role=Role.APPLICANT)
    visit_at = timezone.now() + dt.timedelta(days=3)
    visit_schedule(application=candidate, at=visit_at, by=agent)
    client.force_login(agent)
    typed = (timezone.localdate() - dt.timedelta(days=1)).isoformat()  # not the initial value: what was typed
    response = client.post(reverse("landlords:lease_record", args=[candidate.pk]), {"lease-signed_on": typed})
    assert response.status_code == 400
    page = text(response)
    assert "À enregistrer après la visite du" in page
    assert f'value="{typed}"' in page
    candidate.refresh_from_db()
    assert candidate.state != "lease_signed"
