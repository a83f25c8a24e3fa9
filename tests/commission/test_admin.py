"""The back office reads the sessions and decisions; it never writes them."""

import pytest
from django.urls import reverse

from logis.commission.models import Decision
from logis.commission.services import agenda_add, decision_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_read_a_session_and_its_decisions_without_changing_them(
    client, session, offer, validated, agent, member
):
    item = agenda_add(session=session, offer=offer, applications=validated, by=agent).items.order_by("position")[0]
    decision = decision_record(agenda_item=item, kind=Decision.Kind.ATTRIBUTION, by=member)
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))
    assert client.get(reverse("admin:commission_commissionsession_change", args=[session.pk])).status_code == 200
    page = client.get(reverse("admin:commission_decision_changelist")).content.decode()
    assert "Attribution" in page
    assert client.get(reverse("admin:commission_decision_add")).status_code == 403
    response = client.post(reverse("admin:commission_decision_delete", args=[decision.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Decision.objects.count() == 1
