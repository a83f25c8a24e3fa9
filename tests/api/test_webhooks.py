"""Webhooks: signed events sent by the task queue to a real local receiver, retried with back-off, replayable."""

import datetime as dt
import json

import pytest
import time_machine
from django.utils import timezone

from logis.api import delivery as delivery_module
from logis.api.exceptions import ApiSettingsError
from logis.api.models import WebhookDelivery
from logis.api.services import webhook_delivery_replay, webhook_register
from logis.api.tasks import webhooks_flush
from logis.applications.services import application_transition
from logis.applications.workflow import Role
from logis.employers.models import Agreement
from logis.employers.services import agreement_request
from tests.factories import ApplicationFactory, DemandFactory, OfferFactory

pytestmark = pytest.mark.django_db


def _validate(application, agent, capture):
    with capture(execute=True):
        application_transition(application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT)


def test_a_transition_reaches_the_landlord_s_receiver_signed(
    landlord, agent, receiver, django_capture_on_commit_callbacks
):
    endpoint = webhook_register(
        organization=landlord, url=receiver.url, events=["application.state_changed"], by=agent
    )
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord))
    _validate(application, agent, django_capture_on_commit_callbacks)

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    body = request["body"]
    payload = json.loads(body)
    assert payload["type"] == "application.state_changed"
    assert payload["data"]["application_id"] == application.pk
    assert (payload["data"]["from_state"], payload["data"]["to_state"]) == ("submitted", "validated")
    assert request["headers"]["Logis-Event-Id"] == payload["id"]
    assert delivery_module.verify(endpoint.secret, request["headers"]["Logis-Signature"], body)
    assert not delivery_module.verify("whsec_wrong", request["headers"]["Logis-Signature"], body)
    assert not delivery_module.verify(endpoint.secret, request["headers"]["Logis-Signature"], body + b" ")
    sent = WebhookDelivery.objects.get()
    assert (sent.status, sent.attempts, sent.last_status_code) == ("delivered", 1, 200)


def test_an_old_signature_is_refused_by_the_receiver_check():
    signature = delivery_module.signature_header("s", 1_000_000, b"{}")
    assert delivery_module.verify("s", signature, b"{}", now=1_000_100)
    assert not delivery_module.verify("s", signature, b"{}", now=1_000_000 + 301)


def test_a_receiver_that_fails_gets_retries_with_back_off_then_the_event(
    landlord, agent, receiver, settings, django_capture_on_commit_callbacks
):
    settings.LOGIS_WEBHOOK_RETRY_DELAYS = [60, 300]
    webhook_register(organization=landlord, url=receiver.url, events=["application.state_changed"], by=agent)
    receiver.status = 503
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord))
    _validate(application, agent, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 503)
    first_retry = delivery.next_attempt_at
    assert dt.timedelta(seconds=55) < first_retry - timezone.now() <= dt.timedelta(seconds=60)

    assert webhooks_flush() == 0  # not due yet
    with time_machine.travel(first_retry + dt.timedelta(seconds=1)):
        assert webhooks_flush() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 2)
    assert delivery.next_attempt_at - first_retry > dt.timedelta(seconds=290)  # the second wait is longer

    receiver.status = 204
    with time_machine.travel(delivery.next_attempt_at + dt.timedelta(seconds=1)):
        webhooks_flush()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert len(receiver.requests) == 3
    assert len({r["headers"]["Logis-Event-Id"] for r in receiver.requests}) == 1  # the same event each time


def test_after_the_last_retry_it_fails_and_the_organisation_replays_it(
    landlord, agent, receiver, settings, django_capture_on_commit_callbacks
):
    settings.LOGIS_WEBHOOK_RETRY_DELAYS = []
    webhook_register(organization=landlord, url=receiver.url, events=["application.state_changed"], by=agent)
    receiver.status = 500
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord))
    _validate(application, agent, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    receiver.status = 200
    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery_replay(delivery=delivery, by=agent)
    delivery.refresh_from_db()
    assert delivery.status == "delivered"


def test_the_expiry_of_an_offer_is_its_own_event(landlord, agent, receiver, django_capture_on_commit_callbacks):
    webhook_register(organization=landlord, url=receiver.url, events=["offer.expired"], by=agent)
    application = ApplicationFactory(offer=OfferFactory(landlord=landlord), offered=True)
    _validate_other = ApplicationFactory(offer=application.offer)
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(application=application, name="expire", by=None, role=Role.SYSTEM)
        application_transition(application=_validate_other, name="validate", by=agent, role=Role.LANDLORD_AGENT)
    assert [json.loads(r["body"])["type"] for r in receiver.requests] == ["offer.expired"]


def test_an_employer_hears_of_a_new_request_without_any_personal_data(
    employer, hr_member, receiver, django_capture_on_commit_callbacks
):
    webhook_register(organization=employer, url=receiver.url, events=["agreement.requested"], by=hr_member)
    demand = DemandFactory(with_information=True, employer=employer, inform_employer=True)
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_request(demand=demand)
    assert agreement.handler == Agreement.Handler.EMPLOYER
    payload = json.loads(receiver.requests[0]["body"])
    assert payload["type"] == "agreement.requested"
    assert payload["data"] == {"agreement_id": agreement.pk, "requested_at": agreement.requested_at.isoformat()}
    assert demand.owner.last_name not in receiver.requests[0]["body"].decode()


def test_another_landlord_s_events_never_reach_this_address(
    landlord, agent, other_landlord, other_agent, receiver, django_capture_on_commit_callbacks
):
    webhook_register(organization=landlord, url=receiver.url, events=["application.state_changed"], by=agent)
    application = ApplicationFactory(offer=OfferFactory(landlord=other_landlord))
    _validate(application, other_agent, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://partenaire.example.org/hook", "https://"),
        ("https://user:pw@example.org/hook", "identifiant"),
        ("https://10.0.0.8/hook", "réseau privé"),
        ("https://169.254.169.254/latest", "réseau privé"),
        ("https://[::1]/hook", "réseau privé"),
        ("https://nom-qui-n-existe-pas.invalid/hook", "aucun serveur"),
    ],
)
def test_addresses_that_are_not_public_https_are_refused(landlord, agent, url, message):
    with pytest.raises(ApiSettingsError, match=message):
        webhook_register(organization=landlord, url=url, events=["application.state_changed"], by=agent)


def test_events_of_another_kind_of_organisation_are_refused(employer, hr_member, receiver):
    with pytest.raises(ApiSettingsError, match="ne concerne pas"):
        webhook_register(organization=employer, url=receiver.url, events=["offer.expired"], by=hr_member)


def test_the_addresses_kept_in_the_cache_follow_every_change(
    landlord, agent, receiver, django_capture_on_commit_callbacks
):
    """The landlord's addresses are read from the shared cache on each event (most landlords have none): an
    address registered, removed or edited is read again by the next event (logis.api.webhooks)."""
    from logis.api.models import WebhookDelivery, WebhookEndpoint
    from logis.api.services import webhook_register, webhook_remove
    from logis.api.webhooks import emit

    def deliveries():
        with django_capture_on_commit_callbacks():
            emit(organization_id=landlord.pk, event="application.state_changed", data={})
        return WebhookDelivery.objects.count()

    assert deliveries() == 0  # none, and now kept as none
    endpoint = webhook_register(
        organization=landlord, url=receiver.url, events=["application.state_changed"], by=agent
    )
    assert deliveries() == 1
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(events=["offer.expired"])  # no signal: not seen yet
    endpoint.refresh_from_db()
    endpoint.save()  # a save (the admin's, a script's) is seen at once
    assert deliveries() == 1
    endpoint.events = ["application.state_changed"]
    endpoint.save()
    assert deliveries() == 2
    webhook_remove(endpoint=endpoint, by=agent)
    assert deliveries() == 2
