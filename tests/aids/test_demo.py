"""The aids' demo section: a granted and a pending request with pieces, a back-office status; idempotent."""

import pytest
from django.utils import timezone

from logis.aids.demo import load_aids_demo
from logis.aids.models import AidRequest, AidStatusChange
from logis.employers.demo import load_employers_demo
from logis.organizations.models import Membership, Organization
from tests.factories import CommuneFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_gives_a_granted_and_a_pending_request_in_the_advisor_queue_once():
    CommuneFactory()
    CommuneFactory(insee="69259", name="Vénissieux", postal_code="69200")
    employer = OrganizationFactory(name="Lyon Restauration", headcount=80)
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    MembershipFactory(
        organization=operator, role=Membership.Role.ADVISOR, user=UserFactory(email="conseiller@logis.test")
    )
    load_employers_demo(employer=employer, password="x-demo-x", now=timezone.now(), guichet="G0001")
    lines = load_aids_demo(now=timezone.now())
    assert "Avance LOCA-PASS accordée" in lines[0]
    statuses = dict(AidRequest.objects.values_list("aid", "status"))
    assert statuses == {"avance_loca_pass": "granted", "garantie_visale": "submitted"}
    assert AidRequest.objects.for_advisors().count() == 1
    assert AidStatusChange.objects.filter(aid="garantie_visale").exists()
    load_aids_demo(now=timezone.now())
    assert AidRequest.objects.count() == 2
    assert AidStatusChange.objects.count() == 1
