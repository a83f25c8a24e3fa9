import pytest
from django.utils import timezone

from logis.contact.demo import load_contact_demo
from logis.contact.models import Ticket
from logis.contact.services import median_first_answer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_desk_has_an_answered_a_waiting_and_a_closed_ticket(agent):
    UserFactory(email="demandeur@logis.test")
    load_contact_demo(advisor_email=agent.email, now=timezone.now())
    load_contact_demo(advisor_email=agent.email, now=timezone.now())  # idempotent
    assert sorted(Ticket.objects.values_list("status", flat=True)) == ["answered", "closed", "new"]
    assert all(ticket.number.count("-") == 1 for ticket in Ticket.objects.all())
    assert median_first_answer() is None  # fewer than five answered: too few to say anything
