"""A landlord's agent never sees another landlord's offers or applicants: 404, not a hint they exist."""

import pytest
from django.urls import reverse

from tests.commission.factories import CommissionSessionFactory
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_application(other_offer):
    return ApplicationFactory(offer=other_offer)


@pytest.mark.parametrize("name", ["landlords:offer_preview", "landlords:offer_edit", "landlords:offer_applicants"])
def test_another_landlords_offer_is_a_404(agent_client, other_offer, name):
    assert agent_client.get(reverse(name, args=[other_offer.pk])).status_code == 404


def test_another_landlords_published_offer_is_a_404_in_the_workspace(agent_client, other_offer):
    other_offer.status = "published"
    other_offer.save()
    assert agent_client.get(reverse("landlords:offer_applicants", args=[other_offer.pk])).status_code == 404


def test_another_landlords_applicant_is_a_404(agent_client, other_application):
    assert agent_client.get(reverse("landlords:application", args=[other_application.pk])).status_code == 404
    response = agent_client.post(reverse("landlords:application_act", args=[other_application.pk, "validate"]))
    assert response.status_code == 404
    other_application.refresh_from_db()
    assert other_application.state == "submitted"


def test_another_landlords_offer_cannot_change_status(agent_client, other_offer):
    response = agent_client.post(reverse("landlords:offer_status", args=[other_offer.pk]), {"action": "publish"})
    assert response.status_code == 404
    other_offer.refresh_from_db()
    assert other_offer.status == "draft"


def test_the_dashboard_lists_only_the_agents_landlord(agent_client, offer, other_offer):
    page = agent_client.get(reverse("landlords:dashboard")).content.decode()
    assert offer.title in page
    assert other_offer.title not in page


def test_another_landlords_session_is_a_404(agent_client, other_offer):
    session = CommissionSessionFactory(landlord=other_offer.landlord)
    for name in ("commission:session", "commission:minutes", "commission:minutes_pdf"):
        assert agent_client.get(reverse(name, args=[session.pk])).status_code == 404


def test_an_applicant_has_no_workspace(client):
    client.force_login(UserFactory())
    assert client.get(reverse("landlords:dashboard")).status_code == 403
    assert client.get(reverse("commission:dashboard")).status_code == 403


def test_an_employer_hr_has_no_landlord_workspace(client):
    hr = MembershipFactory(organization__landlord=False, role="hr").user
    client.force_login(hr)
    assert client.get(reverse("landlords:dashboard")).status_code == 403


def test_an_inactive_agent_loses_the_workspace(client, offer):
    former = MembershipFactory(organization=offer.landlord, is_active=False).user
    client.force_login(former)
    assert client.get(reverse("landlords:dashboard")).status_code == 403


def test_an_agent_with_admin_access_still_never_sees_another_landlords_applicants(client, offer, other_application):
    """Agents get is_staff to use the admin; that must not widen the workspace (Application.visible_to opens
    everything to is_staff, so the workspace also filters by the agent's landlords)."""
    agent = MembershipFactory(organization=offer.landlord, user__is_staff=True).user
    client.force_login(agent)
    assert client.get(reverse("landlords:application", args=[other_application.pk])).status_code == 404
    assert client.get(reverse("landlords:offer_applicants", args=[other_application.offer.pk])).status_code == 404
