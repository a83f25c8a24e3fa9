import pytest
from django.urls import reverse

from logis.documents.perms import Access
from logis.documents.services import access_record
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log(demand, agent, application, offer):
    return access_record(
        user=agent,
        demand=demand,
        access=Access("landlord_agent", application, offer.landlord),
        what="Synthèse du dossier (PDF)",
    )


def test_the_logis_team_reads_the_access_log(client, log):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))
    response = client.get(reverse("admin:audit_sensitiveread_changelist"))
    assert response.status_code == 200
    assert log.actor_label in response.content.decode()
    assert client.get(reverse("admin:audit_sensitiveread_change", args=[log.pk])).status_code == 200


def test_a_landlord_agent_with_admin_access_does_not_see_the_access_log(client, log):
    agent = MembershipFactory(user__is_staff=True).user
    client.force_login(agent)
    assert client.get(reverse("admin:audit_sensitiveread_changelist")).status_code == 403
