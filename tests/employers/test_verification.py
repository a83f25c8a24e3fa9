"""A company that signs up itself is checked by an advisor before its HR receives its employees' requests."""

import html

import pytest
from django.urls import reverse

from logis.employers import services
from logis.employers.models import Agreement
from tests.employers.helpers import save_information
from tests.factories import DemandFactory, add_mfa, valid_siret

pytestmark = pytest.mark.django_db

SIRET = valid_siret(7_498_765_432)


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def signed_up(client):
    response = client.post(
        reverse("employers:signup"),
        {
            "siret": SIRET,
            "name": "Tissages du Rhône",
            "headcount": "120",
            "is_agricultural": "non",
            "pays_peec": "oui",
            "naf_code": "13 20z",
            "first_name": "Nadia",
            "last_name": "Roux",
            "email": "nadia.roux@tissages.example",
        },
    )
    assert "vérifie ensuite l'inscription" in text(response)
    membership = response.context["organization"].memberships.get()
    add_mfa(membership.user)  # set up at the first sign-in (tests/employers/test_signup.py walks through it)
    client.force_login(membership.user)
    return membership


def test_a_new_employer_awaits_verification_and_its_employees_requests_go_to_advisors(signed_up, client):
    organization = signed_up.organization
    assert organization.awaiting_verification
    assert organization.naf_code == "13.20Z"
    demand = DemandFactory(with_information=True, employer_siret=SIRET)
    save_information(demand, inform=True)

    demand.refresh_from_db()
    assert demand.employer == organization
    assert demand.agreement.handler == Agreement.Handler.ADVISOR
    dashboard = client.get(reverse("employers:dashboard"))
    assert "en cours de vérification" in text(dashboard)
    assert dashboard.context["figures"]["pending"] == 0
    assert client.get(reverse("employers:agreement", args=[demand.agreement.pk])).status_code == 404


def test_once_verified_the_waiting_requests_move_to_the_employers_hr(
    signed_up, client, advisor, django_capture_on_commit_callbacks, mailoutbox
):
    organization = signed_up.organization
    informing = DemandFactory(with_information=True, employer_siret=SIRET)
    save_information(informing, inform=True)
    discreet = DemandFactory(with_information=True, employer_siret=SIRET)
    save_information(discreet, inform=False)
    hr_client = client.__class__()
    hr_client.force_login(signed_up.user)

    client.force_login(advisor)
    page = text(client.get(reverse("advisors:employers")))
    assert "Tissages du Rhône" in page
    assert "nadia.roux@tissages.example" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("advisors:employers"), {"organization": organization.pk}, follow=True)

    assert "1 demande transmise" in text(response)
    organization.refresh_from_db()
    assert not organization.awaiting_verification
    informing.agreement.refresh_from_db()
    discreet.agreement.refresh_from_db()
    assert (informing.agreement.handler, informing.agreement.status) == ("employer", "pending")
    assert discreet.agreement.handler == "advisor"
    assert [message.to for message in mailoutbox] == [["nadia.roux@tissages.example"]]
    assert hr_client.get(reverse("employers:agreement", args=[informing.agreement.pk])).status_code == 200
    assert hr_client.get(reverse("employers:agreement", args=[discreet.agreement.pk])).status_code == 404


def test_only_advisors_verify_employers(signed_up, client, hr):
    client.force_login(hr)
    assert client.get(reverse("advisors:employers")).status_code == 404
    assert client.post(reverse("advisors:employers"), {"organization": signed_up.organization.pk}).status_code == 404
    with pytest.raises(PermissionError, match="Only the operator's advisors check a new employer"):
        services.employer_verify(organization=signed_up.organization, by=hr)
    signed_up.organization.refresh_from_db()
    assert signed_up.organization.awaiting_verification


def test_a_wrong_naf_code_is_explained(client):
    response = client.post(reverse("employers:signup"), {"naf_code": "ABCD"})
    assert "Le code NAF compte 4 chiffres et une lettre" in text(response)
