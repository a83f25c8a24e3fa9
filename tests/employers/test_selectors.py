"""The interface other apps read: agreement_status(demand) and employer_priorities(organization)."""

import pytest
from django.utils import timezone

from logis.employers.models import Agreement, EmployerPriorities
from logis.employers.selectors import agreement_status, employer_priorities
from tests.factories import DemandFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_agreement_status_is_none_without_a_request():
    assert agreement_status(DemandFactory()) == "none"
    assert agreement_status(None) == "none"


@pytest.mark.parametrize("status", ["pending", "given", "refused"])
def test_agreement_status_reads_the_request(status):
    demand = DemandFactory(with_information=True)
    Agreement.objects.create(demand=demand, handler="advisor", status=status, requested_at=timezone.now())
    assert agreement_status(demand) == status


def test_priorities_are_empty_until_configured():
    assert employer_priorities(OrganizationFactory()) == {}
    assert employer_priorities(None) == {}


def test_priorities_are_a_plain_dict_with_every_key():
    organization = OrganizationFactory()
    EmployerPriorities.objects.create(
        organization=organization,
        permanent_contract_first=True,
        permanent_contract_points=20,
        min_seniority_months=12,
        seniority_points=10,
        staff_categories=["ouvrier", "employe"],
        category_points=5,
        updated_at=timezone.now(),
    )
    assert employer_priorities(organization) == {
        "permanent_contract_points": 20,
        "min_seniority_months": 12,
        "seniority_points": 10,
        "staff_categories": ["ouvrier", "employe"],
        "category_points": 5,
    }


def test_points_of_a_priority_that_is_off_do_not_count():
    organization = OrganizationFactory()
    EmployerPriorities.objects.create(
        organization=organization,
        permanent_contract_first=False,
        permanent_contract_points=20,
        staff_categories=[],
        category_points=5,
        updated_at=timezone.now(),
    )
    priorities = employer_priorities(organization)
    assert priorities["permanent_contract_points"] == 0
    assert priorities["category_points"] == 0
