"""Real concurrency on PostgreSQL: a demand is linked to one account, once, whatever the timing."""

import threading

import pytest
from django.db import transaction

from logis.demands.models import Demand
from logis.demands.services import DemandImportError, demand_import_confirm, demand_import_start
from tests.applications.concurrency import only_on_postgresql, run_in_thread, wait_until_a_session_waits_on_a_lock
from tests.demands.conftest import last_code
from tests.factories import UserFactory

pytestmark = [only_on_postgresql, pytest.mark.django_db(transaction=True)]


def _code_for(user, numero, mailoutbox):
    demand_import_start(user=user, numero_unique=numero)  # autocommit: the e-mail leaves at once
    return last_code(mailoutbox)


def _hold_after(action, inserted: threading.Event, release: threading.Event):
    def run():
        with transaction.atomic():
            result = action()
            inserted.set()
            release.wait(timeout=10)
        return result

    return run


def test_two_accounts_confirming_the_same_demand_at_once_link_it_once(registered, mailoutbox):
    first_user, second_user = UserFactory(), UserFactory()
    first_code = _code_for(first_user, registered.numero_unique, mailoutbox)
    second_code = _code_for(second_user, registered.numero_unique, mailoutbox)
    inserted, release = threading.Event(), threading.Event()

    thread_a, outcome_a = run_in_thread(
        _hold_after(lambda: demand_import_confirm(user=first_user, code=first_code), inserted, release)
    )
    assert inserted.wait(timeout=10)
    thread_b, outcome_b = run_in_thread(lambda: demand_import_confirm(user=second_user, code=second_code))
    blocked = wait_until_a_session_waits_on_a_lock()
    release.set()
    thread_a.join(timeout=30)
    thread_b.join(timeout=30)

    assert blocked, "the second confirmation never waited on the first one's demand"
    assert outcome_a["value"].owner == first_user
    assert isinstance(outcome_b.get("error"), DemandImportError), outcome_b
    assert outcome_b["error"].code == "linked_elsewhere"
    assert list(Demand.objects.values_list("owner", flat=True)) == [first_user.pk]


def test_a_double_confirmation_imports_once_and_both_get_the_demand(applicant, registered, mailoutbox):
    code = _code_for(applicant, registered.numero_unique, mailoutbox)
    inserted, release = threading.Event(), threading.Event()

    thread_a, outcome_a = run_in_thread(
        _hold_after(lambda: demand_import_confirm(user=applicant, code=code), inserted, release)
    )
    assert inserted.wait(timeout=10)
    thread_b, outcome_b = run_in_thread(lambda: demand_import_confirm(user=applicant, code=code))
    blocked = wait_until_a_session_waits_on_a_lock()
    release.set()
    thread_a.join(timeout=30)
    thread_b.join(timeout=30)

    assert blocked, "the second confirmation never waited on the locked code"
    assert outcome_b.get("value") == outcome_a["value"], outcome_b
    assert Demand.objects.count() == 1
