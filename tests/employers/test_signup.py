"""Employer sign-up: SIRET checked, thresholds explained, first HR member confirmed through allauth."""

import html

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from logis.employers.selectors import employer_verdict
from logis.organizations.models import Membership, Organization
from tests.accounts.helpers import confirmation_path
from tests.factories import OrganizationFactory, set_up_mfa_through_the_page, valid_siret

pytestmark = pytest.mark.django_db

SIGNUP = reverse("employers:signup")
SIRET = valid_siret(7_412_345_678)


def text(response) -> str:
    return html.unescape(response.content.decode())


def _data(**overrides):
    data = {
        "siret": f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}",
        "name": "Tissages du Rhône",
        "headcount": "120",
        "is_agricultural": "non",
        "pays_peec": "oui",
        "first_name": "Nadia",
        "last_name": "Haddad",
        "email": "Nadia.Haddad@tissages.example",
    }
    data.update(overrides)
    return data


def test_the_sign_up_page_is_public(client):
    response = client.get(SIGNUP)
    assert response.status_code == 200
    assert "SIRET de l'entreprise" in text(response)


def test_sign_up_creates_the_employer_and_its_first_hr_member_with_a_confirmation_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, _data())

    page = text(response)
    assert "Tissages du Rhône est inscrite sur Logis" in page
    assert "Vos salariés peuvent utiliser Logis." in page
    organization = Organization.objects.get(siret=SIRET)
    assert (organization.kind, organization.headcount, organization.pays_peec) == ("employer", 120, True)
    membership = Membership.objects.get(organization=organization)
    assert membership.role == Membership.Role.HR
    user = membership.user
    assert (user.email, user.kind, user.has_usable_password()) == (
        "nadia.haddad@tissages.example",
        "professional",
        False,
    )
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia.haddad@tissages.example"]


def test_the_confirmation_link_leads_to_the_password_then_to_the_employers_space(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SIGNUP, _data())
    other_browser = client.__class__()
    path = confirmation_path(mail.outbox[0].body)

    confirmed = other_browser.post(path)

    assert confirmed["Location"] == reverse("account_set_password")
    password = "un-logement-pour-nos-salaries-2026"
    done = other_browser.post(confirmed["Location"], {"password1": password, "password2": password})
    # A professional account sets up its second factor first (issue #12), then reaches its space.
    asked = other_browser.get(done["Location"], follow=True)
    assert asked.redirect_chain[-1][0].startswith(reverse("mfa_activate_totp"))
    set_up_mfa_through_the_page(other_browser)
    dashboard = other_browser.get(reverse("home:dashboard"), follow=True)
    assert dashboard.redirect_chain[-1][0] == reverse("employers:dashboard")
    assert "Espace entreprise" in text(dashboard)


def test_a_registered_siret_is_joined_only_through_an_invitation(client):
    existing = OrganizationFactory(siret=SIRET, name="Tissages du Rhône")

    response = client.post(SIGNUP, _data(email="autre@tissages.example"))

    assert "Demandez à une personne de son service des ressources humaines de vous inviter" in text(response)
    assert not Membership.objects.filter(organization=existing).exists()
    assert mail.outbox == []


def test_a_siret_with_a_wrong_key_is_refused(client):
    wrong = SIRET[:-1] + str((int(SIRET[-1]) + 1) % 10)
    response = client.post(SIGNUP, _data(siret=wrong))
    assert "Ce numéro SIRET n'est pas valide" in text(response)
    assert not Organization.objects.exists()


def test_an_address_that_already_has_an_account_gets_the_same_page_and_its_owner_an_email(
    client, hr, django_capture_on_commit_callbacks
):
    """No enumeration (issue #12): the page is the one any sign-up gets; only the owner of the address learns."""
    with django_capture_on_commit_callbacks(execute=True):
        existing = client.post(SIGNUP, _data(email=hr.email))
    assert not Organization.objects.filter(siret=SIRET).exists()
    [notice] = mail.outbox
    assert notice.to == [hr.email]
    assert "déjà un compte Logis" in notice.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        fresh = client.post(SIGNUP, _data(email="nouvelle@tissages.example"))
    assert "employers/signup_done.html" in {t.name for t in existing.templates}
    assert "déjà" not in text(existing)

    def main(response, email):
        page = text(response)
        return page[page.index("<main") : page.index("</main>")].replace(email, "ADRESSE")

    assert main(existing, hr.email) == main(fresh, "nouvelle@tissages.example")


@pytest.mark.parametrize(
    ("headcount", "agricultural", "peec", "eligible", "reason"),
    [
        (9, False, False, False, "minimum : 10 salariés"),
        (10, False, False, True, None),  # 10 to 49: no PEEC due since the loi PACTE, still eligible
        (49, False, False, True, None),
        (50, False, False, False, "cotiser à la participation des employeurs à l'effort de construction"),
        (50, False, True, True, None),
        (49, True, False, False, "agricole : 49 salariés — minimum : 50 salariés"),
        (50, True, True, True, None),
        (50, True, False, False, "PEEC"),
    ],
)
def test_thresholds(headcount, agricultural, peec, eligible, reason):
    organization = OrganizationFactory(headcount=headcount, is_agricultural=agricultural, pays_peec=peec)
    verdict = employer_verdict(organization)
    assert verdict.eligible is eligible
    if reason:
        assert any(reason in check.message for check in verdict.failures), verdict.failures


def test_a_company_under_the_threshold_signs_up_but_is_shown_not_eligible_with_the_reason(client):
    response = client.post(SIGNUP, _data(headcount="8", pays_peec="non"))
    page = text(response)
    assert "Non éligible" in page
    assert "8 salariés — minimum : 10 salariés" in page


def test_the_dashboard_shows_why_an_agricultural_company_is_not_eligible(client, hr, employer):
    employer.headcount, employer.is_agricultural = 30, True
    employer.save()
    client.force_login(hr)
    page = text(client.get(reverse("employers:dashboard")))
    assert "Non éligible" in page
    assert "minimum : 50 salariés" in page
