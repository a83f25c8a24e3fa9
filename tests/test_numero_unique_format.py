"""One written form of the numéro unique for everyone: applicant, landlord, minutes, e-mails (issue #15, 9)."""

import pytest
from django.core import mail
from django.urls import reverse

from logis.core.text import numero_unique
from logis.registry.numbering import format_for_display
from tests.factories import ApplicationFactory, MembershipFactory, RegisteredDemandFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_one_format_groups_as_on_the_attestation_whatever_was_typed():
    assert numero_unique("0690826000001G0001".lower()) == "069 0826 000001 G0001"
    assert numero_unique("069-0826-000001-G0001") == "069 0826 000001 G0001"
    assert numero_unique("069 0826 000001 G0001") == "069 0826 000001 G0001"
    assert format_for_display("0690826000001g0001") == numero_unique("0690826000001G0001")
    assert numero_unique("ABC") == "ABC"


def test_the_landlord_reads_the_numero_as_the_applicant_does(client):
    application = ApplicationFactory()
    raw = application.demand.numero_unique
    client.force_login(MembershipFactory(organization=application.offer.landlord).user)
    page = client.get(reverse("landlords:application", args=[application.pk])).content.decode()
    assert numero_unique(raw) in page
    assert raw not in page


def test_the_security_code_e_mail_writes_the_grouped_numero(client, django_capture_on_commit_callbacks):
    record = RegisteredDemandFactory(email="nadia@exemple.fr")
    user = UserFactory(email="nadia@exemple.fr")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("demands:import_start"), {"numero_unique": record.numero_unique})
    body = mail.outbox[-1].body
    assert numero_unique(record.numero_unique) in body
    assert record.numero_unique not in body
