"""The notification centre sees the messages of the other apps: the HR's request for agreement appears in its
notifications with a link to the request."""

import pytest
from django.urls import reverse

from logis.employers.models import Agreement
from logis.notifications.models import Notification
from tests.employers.helpers import save_information

pytestmark = pytest.mark.django_db


def test_the_request_for_agreement_e_mailed_to_the_hr_is_also_in_its_notifications(
    employee_demand, hr, hr_client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        save_information(employee_demand, inform=True)
    agreement = Agreement.objects.get(demand=employee_demand)
    notification = Notification.objects.get(user=hr)
    assert notification.kind == "employer_agreement_requested"
    assert notification.link == reverse("employers:agreement", args=[agreement.pk])
    assert [m.to for m in mailoutbox if m.subject.endswith(notification.subject)] == [[hr.email]]
    response = hr_client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == notification.link
