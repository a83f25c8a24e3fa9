"""Real concurrency on PostgreSQL: two members deciding on the same candidate at once give one decision."""

import threading

import pytest
from django.db import transaction

from logis.commission.models import Decision
from logis.commission.services import CommissionError, agenda_add, decision_record
from tests.applications.concurrency import only_on_postgresql, run_in_thread, wait_until_a_session_waits_on_a_lock
from tests.factories import MembershipFactory

pytestmark = [only_on_postgresql, pytest.mark.django_db(transaction=True)]


def test_a_second_decision_taken_at_the_same_time_waits_then_is_rejected(session, offer, validated, agent, member):
    item = agenda_add(session=session, offer=offer, applications=validated, by=agent).items.order_by("position")[0]
    other_member = MembershipFactory(organization=offer.landlord, role="commission").user
    a_decided, release_a = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            decision = decision_record(agenda_item=item, kind=Decision.Kind.ATTRIBUTION, by=member)
            a_decided.set()
            release_a.wait(timeout=10)
        return decision

    def second():
        return decision_record(
            agenda_item=item,
            kind=Decision.Kind.NOT_ATTRIBUTED,
            reason="Autre avis",
            reason_category="other",
            by=other_member,
        )

    thread_a, outcome_a = run_in_thread(first)
    assert a_decided.wait(timeout=10)
    thread_b, outcome_b = run_in_thread(second)
    blocked = wait_until_a_session_waits_on_a_lock()
    release_a.set()
    thread_a.join(timeout=30)
    thread_b.join(timeout=30)

    assert blocked, "the second decision never waited on the first one's lock"
    assert "error" not in outcome_a, outcome_a
    assert isinstance(outcome_b.get("error"), CommissionError), outcome_b
    assert Decision.objects.get().kind == "attribution"
    item.application.refresh_from_db()
    assert item.application.state == "offer_made"
