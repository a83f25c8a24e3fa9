import pytest
from django.utils import timezone

from logis.support.demo import load_support_demo
from logis.support.models import SupportCase
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_case_is_in_progress_with_its_plan_and_a_late_step(advisor):
    UserFactory(email="salarie.discret@logis.test")
    load_support_demo(advisor_email=advisor.email, now=timezone.now())
    load_support_demo(advisor_email=advisor.email, now=timezone.now())  # idempotent
    case = SupportCase.objects.get()
    assert case.status == SupportCase.Status.IN_PROGRESS
    assert case.has_diagnosis
    assert case.steps.count() == 3
    assert sum(step.is_late(timezone.localdate()) for step in case.steps.all()) == 1
    assert case.contracts.get().advisor_accepted_at is not None
