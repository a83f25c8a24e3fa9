"""The second factor (allauth's MFA: TOTP and recovery codes) is mandatory for professionals and the Logis team."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from logis.accounts.demo import demo_totp_secret
from logis.organizations.models import Membership
from tests.factories import (
    PASSWORD,
    TEST_TOTP_SECRET,
    DemandFactory,
    MembershipFactory,
    UserFactory,
    set_up_mfa_through_the_page,
    totp_code,
)

pytestmark = pytest.mark.django_db


def _professional_without_mfa(**kwargs):
    user = UserFactory(kind="professional", mfa=False, **kwargs)
    MembershipFactory(user=user, role=Membership.Role.AGENT)
    return user


def test_a_professional_without_a_second_factor_reaches_only_its_set_up(client):
    agent = _professional_without_mfa()
    client.force_login(agent)

    for url in (reverse("landlords:dashboard"), reverse("home:dashboard"), reverse("admin:index")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200

    set_up_mfa_through_the_page(client)

    assert Authenticator.objects.filter(user=agent, type="totp").exists()
    assert Authenticator.objects.filter(user=agent, type="recovery_codes").exists()
    assert client.get(reverse("landlords:dashboard")).status_code == 200


def test_the_logis_team_needs_it_too(client):
    team = UserFactory(kind="staff", is_staff=True, is_superuser=True, mfa=False)
    client.force_login(team)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa_activate_totp"))


def test_an_applicant_is_not_asked_for_a_second_factor(client):
    owner = DemandFactory().owner
    client.force_login(owner)
    assert client.get(reverse("home:dashboard")).status_code == 200
    assert not Authenticator.objects.filter(user=owner).exists()


def test_signing_in_asks_the_code_after_the_password(client):
    agent = MembershipFactory(user__email="alex@bailleur.example").user

    response = client.post(reverse("account_login"), {"login": "alex@bailleur.example", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("landlords:dashboard")).status_code == 302  # not signed in yet

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert client.get(reverse("landlords:dashboard")).status_code == 302

    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(TEST_TOTP_SECRET)})
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == agent.pk
    assert client.get(reverse("landlords:dashboard")).status_code == 200


def test_a_recovery_code_also_signs_in(client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    agent = MembershipFactory(user__email="alex@bailleur.example").user
    code = RecoveryCodes(Authenticator.objects.get(user=agent, type="recovery_codes")).get_unused_codes()[0]
    client.post(reverse("account_login"), {"login": "alex@bailleur.example", "password": PASSWORD})
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert client.get(reverse("landlords:dashboard")).status_code == 200


def test_a_professional_cannot_remove_the_second_factor(client):
    agent = MembershipFactory().user
    client.force_login(agent)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=agent, type="totp").exists()


def test_the_demo_page_gives_the_current_code_of_each_demo_professional(rf):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    from logis.accounts.demo_views import codes

    response = codes(rf.get("/demo/codes/"))
    page = response.content.decode()
    assert "bailleur@logis.test" in page
    assert "demandeur@logis.test" not in page
    secret = demo_totp_secret("bailleur@logis.test")
    assert secret in page
    import re

    shown = re.findall(r'<strong class="font-monospace fs-5">(\d{6})</strong>', page)
    assert shown
    assert validate_totp_code(secret, shown[0]) or validate_totp_code(demo_totp_secret("rh@logis.test"), shown[0])
