import pytest
from django.utils import timezone

from logis.notifications.centre import unread_count
from logis.notifications.demo import load_notifications_demo
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_applicant_has_notifications_two_unread():
    user = UserFactory(email="demandeur@logis.test")
    load_notifications_demo(now=timezone.now())
    load_notifications_demo(now=timezone.now())  # idempotent
    assert user.notifications.count() == 3
    assert unread_count(user) == 2
