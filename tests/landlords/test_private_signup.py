"""Estate agencies and private owners sign up on their own; an advisor checks an agency before it sees anyone."""

import html

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from logis.organizations.models import Membership, Organization
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OfferFactory,
    OrganizationFactory,
    UserFactory,
    valid_siret,
)

pytestmark = pytest.mark.django_db

SIGNUP = reverse("landlords:signup")
SIREN = valid_siret(7_455_512_345)[:9]


def text(response) -> str:
    return html.unescape(response.content.decode())


def agency_data(**overrides):
    data = {
        "kind": "agency",
        "name": "Agence des Terreaux",
        "siren": f"{SIREN[:3]} {SIREN[3:6]} {SIREN[6:]}",
        "professional_card": "cpi 6901 2019 000 012 345",
        "first_name": "Lucie",
        "last_name": "Moreau",
        "email": "Lucie.Moreau@terreaux.example",
    }
    data.update(overrides)
    return data


def test_the_sign_up_page_is_public_and_linked_from_the_home_page(client):
    assert "Proposez votre logement à la location" in text(client.get(reverse("home:index")))
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert "Numéro de carte professionnelle (carte T)" in text(response)


def test_an_agency_signs_up_with_its_siren_and_card_and_awaits_an_advisor(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, agency_data())

    assert "vérifie ensuite l'agence" in text(response)
    agency = Organization.objects.get(siren_number=SIREN)
    assert (agency.kind, agency.name, agency.professional_card, agency.awaiting_verification) == (
        "agency",
        "Agence des Terreaux",
        "CPI 6901 2019 000 012 345",
        True,
    )
    membership = Membership.objects.get(organization=agency)
    assert (membership.role, membership.user.kind, membership.user.email) == (
        "agent",
        "professional",
        "lucie.moreau@terreaux.example",
    )
    assert not EmailAddress.objects.get(user=membership.user).verified
    assert mail.outbox[0].to == ["lucie.moreau@terreaux.example"]


def test_a_private_owner_is_a_person_and_is_not_held_for_a_check(client):
    response = client.post(
        SIGNUP, agency_data(kind="private_owner", name="ignored", siren="", professional_card="", email="c@f.example")
    )
    assert "publier votre logement" in text(response)
    owner = Organization.objects.get(kind="private_owner")
    assert (owner.name, owner.siren_number, owner.professional_card, owner.awaiting_verification) == (
        "Lucie Moreau",
        None,
        "",
        False,
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siren", "123 456 788", "Ce numéro SIREN n'est pas valide"),
        ("siren", "12345", "9 chiffres"),
        ("professional_card", "T 12345", "« CPI » suivi de 17 chiffres"),
        ("name", "", "Indiquez la raison sociale de l'agence."),
    ],
)
def test_a_fake_siren_or_card_is_refused_and_what_was_typed_is_kept(client, field, value, message):
    response = client.post(SIGNUP, agency_data(**{field: value}))
    page = text(response)
    assert message in page
    assert "Lucie.Moreau@terreaux.example" in page  # kept
    assert not Organization.objects.filter(kind="agency").exists()
    assert mail.outbox == []


def test_an_agency_already_registered_is_not_joined_by_typing_its_siren(client):
    OrganizationFactory(agency=True, siren_number=SIREN)
    response = client.post(SIGNUP, agency_data())
    assert "Cette agence est déjà inscrite sur Logis" in text(response)
    assert Organization.objects.filter(siren_number=SIREN).count() == 1


def test_an_address_that_already_has_an_account_gets_the_same_page_and_nothing_is_created(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="lucie.moreau@terreaux.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, agency_data())
    assert "Un e-mail vient d'être envoyé" in text(response)
    assert not Organization.objects.filter(kind="agency").exists()
    # Only the owner of the address learns, by e-mail, that the address already has an account.
    assert [message.to for message in mail.outbox] == [["lucie.moreau@terreaux.example"]]
    assert "Vous avez déjà un compte Logis avec cette adresse" in mail.outbox[0].body


@pytest.fixture
def unchecked_agency(db):
    return OrganizationFactory(agency=True, awaiting_verification=True, name="Agence pas encore vérifiée")


def test_an_unchecked_agency_drafts_offers_but_cannot_publish_them(client, unchecked_agency):
    agent = MembershipFactory(organization=unchecked_agency).user
    offer = OfferFactory(landlord=unchecked_agency, status="draft")
    client.force_login(agent)

    response = client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "publish"}, follow=True)

    assert "vérifie encore votre agence" in text(response)
    offer.refresh_from_db()
    assert offer.status == "draft"


def test_an_unchecked_agency_sees_no_applicant_even_on_an_offer_it_holds(client, unchecked_agency):
    """Belt and braces: an offer that was published before (by the Logis team) shows it no file."""
    agent = MembershipFactory(organization=unchecked_agency).user
    application = ApplicationFactory(offer=OfferFactory(landlord=unchecked_agency))
    client.force_login(agent)

    assert client.get(reverse("landlords:application", args=[application.pk])).status_code == 404
    assert client.get(reverse("landlords:offer_applicants", args=[application.offer_id])).status_code == 404


def test_an_advisor_checks_the_agency_in_the_employers_queue_then_it_publishes(client, unchecked_agency):
    operator = OrganizationFactory(kind="operator", name="Logis")
    advisor = MembershipFactory(organization=operator, role=Membership.Role.ADVISOR).user
    agent = MembershipFactory(organization=unchecked_agency).user
    client.force_login(advisor)
    queue = client.get(reverse("advisors:employers"))
    assert "Agence pas encore vérifiée" in text(queue)
    assert unchecked_agency.professional_card in text(queue)

    done = client.post(reverse("advisors:employers"), {"organization": unchecked_agency.pk}, follow=True)

    assert "elle peut publier ses offres et voir ses candidats" in text(done)
    unchecked_agency.refresh_from_db()
    assert not unchecked_agency.awaiting_verification
    offer = OfferFactory(landlord=unchecked_agency, status="draft")
    client.force_login(agent)
    client.post(reverse("landlords:offer_status", args=[offer.pk]), {"action": "publish"})
    offer.refresh_from_db()
    assert offer.status == "published"


def test_nobody_but_an_advisor_checks_an_agency(client, unchecked_agency):
    agent = MembershipFactory(organization=unchecked_agency).user
    client.force_login(agent)
    assert client.post(reverse("advisors:employers"), {"organization": unchecked_agency.pk}).status_code == 404
    unchecked_agency.refresh_from_db()
    assert unchecked_agency.awaiting_verification
