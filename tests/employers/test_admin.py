import pytest
from django.urls import reverse

from tests.employers.helpers import save_information
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_read_agreements_in_the_admin_but_cannot_change_them(client, employee_demand, hr):
    save_information(employee_demand, inform=True)
    client.force_login(UserFactory(kind="staff", is_staff=True, is_superuser=True))
    agreement = employee_demand.agreement

    assert client.get(reverse("admin:employers_agreement_changelist")).status_code == 200
    page = client.get(reverse("admin:employers_agreement_change", args=[agreement.pk]))
    assert page.status_code == 200
    assert client.get(reverse("admin:employers_agreement_add")).status_code == 403
    client.post(reverse("admin:employers_agreement_change", args=[agreement.pk]), {"status": "given"})
    agreement.refresh_from_db()
    assert agreement.status == "pending"
    assert client.get(reverse("admin:employers_employerpriorities_changelist")).status_code == 200
    assert client.get(reverse("admin:employers_invitation_changelist")).status_code == 200
