"""The employers' section of load_demo: pending requests for the HR demo account and the advisors, idempotent."""

import pytest
from django.utils import timezone

from logis.employers.demo import load_employers_demo
from logis.employers.models import Agreement, EmployerPriorities
from logis.employers.selectors import employer_priorities
from logis.registry.models import RegisteredDemand
from tests.factories import CommuneFactory

pytestmark = pytest.mark.django_db


def test_demo_section_gives_each_space_a_pending_request_and_is_idempotent(employer):
    CommuneFactory()
    CommuneFactory(insee="69259", name="Vénissieux", postal_code="69200")

    def run():
        return load_employers_demo(employer=employer, password="x-demo-x", now=timezone.now(), guichet="G0001")

    run()
    counts = (Agreement.objects.count(), RegisteredDemand.objects.count(), EmployerPriorities.objects.count())
    run()

    assert (Agreement.objects.count(), RegisteredDemand.objects.count(), EmployerPriorities.objects.count()) == counts
    assert Agreement.objects.for_employer(employer).pending().count() == 1
    assert Agreement.objects.for_advisors().pending().count() == 1
    assert employer_priorities(employer)["permanent_contract_points"] == 20
