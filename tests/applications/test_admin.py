"""Back office: applications are read there; their state changes only through the service."""

import pytest
from django.urls import reverse

from logis.applications.models import TransitionLog
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))
    return client


def test_application_admin_shows_the_history_and_no_state_field(staff_client):
    application = ApplicationFactory()
    TransitionLog.objects.create(
        application=application, transition="submit", to_state="submitted", at=application.created_at
    )
    response = staff_client.get(reverse("admin:applications_application_change", args=[application.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="state"' not in page
    assert "submit" in page


def test_a_post_to_the_application_admin_does_not_change_the_state(staff_client):
    application = ApplicationFactory()
    staff_client.post(
        reverse("admin:applications_application_change", args=[application.pk]),
        {"state": "withdrawn", "transitions-TOTAL_FORMS": "0", "transitions-INITIAL_FORMS": "0"},
    )
    application.refresh_from_db()
    assert application.state == "submitted"


def test_applications_are_not_added_by_hand(staff_client):
    assert staff_client.get(reverse("admin:applications_application_add")).status_code == 403


def test_application_list_loads(staff_client):
    ApplicationFactory()
    assert staff_client.get(reverse("admin:applications_application_changelist")).status_code == 200
