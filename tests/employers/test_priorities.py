"""The employer's priorities, configured by its HR, read by the cotation through employer_priorities()."""

import html

import pytest
from django.urls import reverse

from logis.employers.selectors import employer_priorities

pytestmark = pytest.mark.django_db

PRIORITIES = reverse("employers:priorities")


def test_hr_sets_priorities_that_the_cotation_reads(hr_client, employer, other_employer):
    response = hr_client.post(
        PRIORITIES,
        {
            "permanent_contract_first": "on",
            "permanent_contract_points": "20",
            "min_seniority_months": "12",
            "seniority_points": "10",
            "staff_categories": ["employe", "ouvrier"],
            "category_points": "5",
        },
        follow=True,
    )
    assert "Vos priorités sont enregistrées" in html.unescape(response.content.decode())
    assert employer_priorities(employer) == {
        "permanent_contract_points": 20,
        "min_seniority_months": 12,
        "seniority_points": 10,
        "staff_categories": ["ouvrier", "employe"],
        "category_points": 5,
    }
    assert employer_priorities(other_employer) == {}


def test_points_over_100_are_refused_with_a_message(hr_client, employer):
    response = hr_client.post(
        PRIORITIES,
        {
            "permanent_contract_points": "500",
            "min_seniority_months": "0",
            "seniority_points": "0",
            "category_points": "0",
        },
    )
    assert "entre 0 et 100" in html.unescape(response.content.decode()) or "inférieure ou égale à 100" in (
        html.unescape(response.content.decode())
    )
    assert employer_priorities(employer) == {}
