"""HR invites colleagues by e-mail: a signed link that expires; accepting creates the HR membership."""

import datetime as dt
import html

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.urls import reverse

from logis.employers import services
from logis.employers.models import Invitation
from logis.organizations.models import Membership
from tests.accounts.helpers import link_in
from tests.factories import UserFactory, set_up_mfa_through_the_page

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def invite(hr_client, django_capture_on_commit_callbacks, mailoutbox):
    def send(email="paul.girard@lre.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = hr_client.post(reverse("employers:team"), {"email": email}, follow=True)
        assert "Une invitation a été envoyée" in text(response)
        return link_in(mailoutbox[-1].body, "/entreprise/invitation/")

    return send


def test_hr_invites_a_colleague_by_email(invite, mailoutbox, employer):
    path = invite()
    assert mailoutbox[-1].to == ["paul.girard@lre.example"]
    assert "Nadia Haddad" in mailoutbox[-1].body
    assert employer.name in mailoutbox[-1].subject
    assert "7 jours" in mailoutbox[-1].body
    assert Invitation.objects.get().email == "paul.girard@lre.example"
    assert path.startswith("/entreprise/invitation/")


def test_a_new_colleague_accepts_and_creates_a_password(invite, client, employer):
    path = invite()
    client.logout()

    page = client.get(path)
    assert "Rejoindre l'équipe RH de Logistique Rhône Express" in text(page)
    response = client.post(path, {"first_name": "Paul", "last_name": "Girard"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_set_password"))
    membership = Membership.objects.get(user__email="paul.girard@lre.example")
    assert (membership.organization, membership.role) == (employer, Membership.Role.HR)
    assert EmailAddress.objects.get(email="paul.girard@lre.example").verified
    assert membership.user.kind == "professional"
    password = "une-equipe-rh-au-complet-2026"
    done = client.post(response["Location"], {"password1": password, "password2": password})
    assert done["Location"] == reverse("employers:dashboard")
    # The second factor is set up first (mandatory for professionals), then the space opens.
    assert client.get(done["Location"])["Location"].startswith(reverse("mfa_activate_totp"))
    set_up_mfa_through_the_page(client)
    assert client.get(done["Location"]).status_code == 200


def test_an_invitation_is_used_once(invite, client):
    path = invite()
    client.logout()
    client.post(path, {"first_name": "Paul", "last_name": "Girard"})
    client.logout()

    again = client.get(path)
    assert again.status_code == 400
    assert "déjà été acceptée" in text(again)


def test_an_expired_invitation_is_refused(invite, client):
    path = invite()
    client.logout()
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + services.INVITATION_MAX_AGE + dt.timedelta(minutes=1)):
        response = client.post(path, {"first_name": "Paul", "last_name": "Girard"})
    assert response.status_code == 400
    assert "Ce lien d'invitation a expiré" in text(response)
    assert not Membership.objects.filter(user__email="paul.girard@lre.example").exists()


@pytest.mark.parametrize("tamper", ["swap_id", "truncate", "garbage"])
def test_a_tampered_invitation_is_refused(invite, client, tamper, other_employer):
    path = invite()
    token = path.rstrip("/").rsplit("/", 1)[1]
    if tamper == "swap_id":
        other = Invitation.objects.create(
            organization=other_employer,
            email="paul.girard@lre.example",
            created_at=Invitation.objects.get().created_at,
        )
        payload, rest = token.split(":", 1)
        forged_payload = services.invitation_token(other).split(":", 1)[0]
        token = f"{forged_payload}:{rest}"
    elif tamper == "truncate":
        token = token[:-3]
    else:
        token = "abc:def:ghi"
    client.logout()
    response = client.post(reverse("employers:invitation", args=[token]), {"first_name": "P", "last_name": "G"})
    assert response.status_code == 400
    assert "n'est pas valide" in text(response)
    assert not Membership.objects.filter(user__email="paul.girard@lre.example").exists()


def test_an_existing_professional_accepts_once_signed_in(invite, client, employer):
    colleague = UserFactory(email="paul.girard@lre.example", kind="professional")
    path = invite()
    client.logout()

    anonymous = client.post(path, {"first_name": "Paul", "last_name": "Girard"})
    assert "connectez-vous" in text(anonymous)
    assert not Membership.objects.filter(user=colleague).exists()

    client.force_login(colleague)
    response = client.post(path)
    assert response["Location"] == reverse("employers:dashboard")
    assert Membership.objects.filter(user=colleague, organization=employer, role="hr").exists()


def test_another_signed_in_person_cannot_use_the_invitation(invite, client, other_hr):
    path = invite()
    client.force_login(other_hr)
    response = client.post(path)
    assert "Cette invitation est adressée à paul.girard@lre.example" in text(response)
    assert not Membership.objects.filter(user__email="paul.girard@lre.example").exists()


def test_an_existing_member_is_not_invited_again(hr_client, hr):
    response = hr_client.post(reverse("employers:team"), {"email": hr.email})
    assert "fait déjà partie de l'équipe RH" in text(response)
    assert not Invitation.objects.exists()
