"""What follows a transition is the declared list of effects, in order, and docs/workflow.md lists it."""

import datetime as dt

import pytest
from django.utils import timezone

from logis.applications import workflow
from logis.applications.effects import effect_docs, effects_of, transition_effects
from logis.applications.services import application_transition
from logis.applications.workflow import Role, State
from logis.core.effects import Phase
from logis.documents.models import DemandRetention
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LEASE = workflow.get_transition("sign_lease")


def _names(effects) -> list[str]:
    return [effect.name.rsplit(".", 2)[-2] + "." + effect.name.rsplit(".", 1)[-1] for effect in effects]


def test_each_app_registers_its_effects_and_they_run_in_a_fixed_order():
    assert _names(effects_of(LEASE, State.VISIT_SCHEDULED)) == [
        "effects.notify_the_applicant",
        "effects.close_the_offer_after_the_lease",
        "effects.start_the_retention_clock",
        "effects.tell_the_landlord_s_systems",
        "effects.open_the_moving_checklist",
    ]
    assert [e.app for e in effects_of(LEASE, State.VISIT_SCHEDULED)] == [
        "applications",
        "applications",
        "documents",
        "api",
        "moving",
    ]
    refusal = workflow.get_transition("refuse")
    assert [e.name for e in effects_of(refusal, State.OFFER_MADE)] == [
        "logis.applications.effects.notify_the_applicant",
        "logis.commission.effects.pass_the_offer_on",
        "logis.api.effects.tell_the_landlord_s_systems",
    ]
    # Withdrawing a file that does not hold the dwelling passes nothing on.
    withdrawal = workflow.get_transition("withdraw")
    assert [e.app for e in effects_of(withdrawal, State.SUBMITTED)] == ["applications", "api"]
    assert [e.app for e in effects_of(workflow.SUBMIT, None)] == ["applications", "api"]


def test_what_must_commit_with_the_transition_runs_in_it():
    phases = {effect.name.rsplit(".", 1)[-1]: effect.phase for effect in transition_effects}
    assert phases["pass_the_offer_on"] == Phase.IN_TRANSACTION
    assert phases["close_the_offer_after_the_lease"] == Phase.IN_TRANSACTION
    assert phases["notify_the_applicant"] == Phase.IN_TRANSACTION  # queues the e-mail; it leaves after commit
    assert phases["start_the_retention_clock"] == Phase.AFTER_COMMIT


def test_the_doc_lists_each_effect_with_the_transitions_that_fire_it():
    docs = {doc.name.rsplit(".", 1)[-1]: doc for doc in effect_docs()}
    assert docs["start_the_retention_clock"].fired_by == (("sign_lease", (State.VISIT_SCHEDULED,)),)
    passed_on = dict(docs["pass_the_offer_on"].fired_by)
    assert set(passed_on) == {"refuse", "expire", "condition_unmet", "withdraw"}
    assert set(passed_on["withdraw"]) == set(workflow.HOLDS_THE_OFFER)
    assert docs["notify_the_applicant"].summary.startswith("E-mails the applicant the new step")


def test_the_lease_starts_the_retention_clock_once_the_transition_commits(django_capture_on_commit_callbacks):
    application = ApplicationFactory(visit_scheduled=True)
    agent = MembershipFactory(organization=application.offer.landlord).user
    signed_at = dt.datetime(2026, 3, 2, 16, 0, tzinfo=timezone.get_current_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application, name="sign_lease", by=agent, role=Role.LANDLORD_AGENT, now=signed_at
        )
        assert not DemandRetention.objects.exists()  # not before the lease is committed
    retention = DemandRetention.objects.get()
    assert (retention.demand_id, retention.ended_on, retention.erase_on) == (
        application.demand_id,
        dt.date(2026, 3, 2),
        dt.date(2027, 3, 2),
    )


def test_a_refusal_starts_no_retention_clock(django_capture_on_commit_callbacks):
    application = ApplicationFactory(offered=True)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application,
            name="refuse",
            by=application.demand.owner,
            role="applicant",
            reason_category="refusal_personal",
        )
    assert not DemandRetention.objects.exists()
