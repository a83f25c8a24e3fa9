"""Real concurrency on PostgreSQL: two requests at once still give one application in progress per demand."""

import threading

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from logis.applications.models import Application, TransitionLog
from logis.applications.services import ApplicationError, application_submit
from tests.applications.concurrency import only_on_postgresql, run_in_thread, wait_until_a_session_waits_on_a_lock

pytestmark = [only_on_postgresql, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_posts_for_two_offers_make_one_application(demand, offer, other_offer):
    barrier = threading.Barrier(2)

    def post(target_offer):
        client = Client()
        client.force_login(demand.owner)
        barrier.wait(timeout=10)
        return client.post(reverse("applications:apply", args=[target_offer.pk]))

    threads = [run_in_thread(post, target) for target in (offer, other_offer)]
    for thread, _outcome in threads:
        thread.join(timeout=30)

    outcomes = [outcome for _thread, outcome in threads]
    assert all("error" not in outcome for outcome in outcomes), outcomes
    assert all(outcome["value"].status_code == 302 for outcome in outcomes)
    assert Application.objects.count() == 1
    assert TransitionLog.objects.count() == 1


@pytest.mark.parametrize("same_offer", [False, True], ids=["other-offer", "same-offer"])
def test_the_second_insert_waits_for_the_first_and_then_meets_the_constraint(demand, offer, other_offer, same_offer):
    """B checks before A commits (sees nothing), inserts, waits on A's row, then gets the constraint's answer."""
    a_inserted, release_a = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            submission = application_submit(demand=demand, offer=offer, by=demand.owner)
            a_inserted.set()
            release_a.wait(timeout=10)
        return submission

    def second():
        return application_submit(demand=demand, offer=offer if same_offer else other_offer, by=demand.owner)

    thread_a, outcome_a = run_in_thread(first)
    assert a_inserted.wait(timeout=10)
    thread_b, outcome_b = run_in_thread(second)
    blocked = wait_until_a_session_waits_on_a_lock()
    release_a.set()
    thread_a.join(timeout=30)
    thread_b.join(timeout=30)

    assert blocked, "the second submission never waited on the first one's row"
    assert outcome_a["value"].created
    if same_offer:
        assert outcome_b["value"].created is False
        assert outcome_b["value"].application == outcome_a["value"].application
    else:
        assert isinstance(outcome_b.get("error"), ApplicationError), outcome_b
        assert outcome_b["error"].code == "one_at_a_time"
    assert Application.objects.count() == 1
    assert TransitionLog.objects.count() == 1
