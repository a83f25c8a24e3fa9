"""Events for partners: written as deliveries in the transaction of what caused them, sent after commit.

`emit(organization, event, data, event_id)` creates one delivery per active address of the organisation that
subscribed to the event (at most one per address and event id), and hands each to the task queue once the
transaction commits. A broker that is down loses nothing: the periodic flush (api.webhooks_flush) sends it.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from logis.api.delivery import check_target
from logis.api.models import WebhookDelivery, WebhookEndpoint
from logis.api.tasks import deliver_webhook
from logis.core.tasks import enqueue_on_commit

__all__ = ["check_target", "emit", "endpoints_changed", "schedule_delivery"]


def schedule_delivery(delivery: WebhookDelivery) -> None:
    """Hand the delivery to the task queue after commit, with the transaction's other tasks (logis.core.tasks); a
    broker that is down loses nothing: the delivery is committed and due, the periodic flush sends it."""
    enqueue_on_commit(deliver_webhook, delivery.pk)


# The active addresses of an organisation, as (pk, events), kept in the shared cache: every transition of an
# application asks for its landlord's, and most landlords have none. Kept under a generation per organisation that
# every save or deletion of an address replaces, now and after its commit (`endpoints_changed`), so the next event
# after a change reads the addresses again; unreachable cache: read every time.
_GENERATION = "api:webhooks:generation:{}"
_TIMEOUT = 600  # seconds: also the longest an address written without its signals or endpoints_changed would wait


def endpoints_changed(organization_id: int) -> None:
    """The addresses of the organisation changed: read them again now, and once the change is committed."""

    def replace():
        cache.set(_GENERATION.format(organization_id), uuid.uuid4().hex, timeout=None)

    replace()
    transaction.on_commit(replace)


def _endpoint_saved(sender, instance, **kwargs) -> None:
    endpoints_changed(instance.organization_id)


post_save.connect(_endpoint_saved, sender=WebhookEndpoint, dispatch_uid="api-webhook-endpoint-saved")
post_delete.connect(_endpoint_saved, sender=WebhookEndpoint, dispatch_uid="api-webhook-endpoint-deleted")


def _active_endpoints(organization_id: int) -> list[tuple[int, list[str]]]:
    def read():
        return [
            (pk, list(events))
            for pk, events in WebhookEndpoint.objects.filter(
                organization_id=organization_id, is_active=True
            ).values_list("pk", "events")
        ]

    generation_key = _GENERATION.format(organization_id)
    generation = cache.get(generation_key)
    if generation is None:
        cache.add(generation_key, uuid.uuid4().hex, timeout=None)
        generation = cache.get(generation_key)
        if generation is None:  # the cache is unreachable
            return read()
    key = f"api:webhooks:active:{organization_id}:{generation}"
    endpoints = cache.get(key)
    if endpoints is None:
        endpoints = read()
        cache.set(key, endpoints, timeout=_TIMEOUT)
    return endpoints


def emit(*, organization_id: int, event: str, data: dict, event_id: str | None = None, now=None) -> list[int]:
    now = now or timezone.now()
    endpoints = [pk for pk, events in _active_endpoints(organization_id) if event in events]
    if not endpoints:
        return []
    event_id = event_id or str(uuid.uuid4())
    payload = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
    created = []
    for endpoint in endpoints:
        delivery, is_new = WebhookDelivery.objects.get_or_create(
            endpoint_id=endpoint,
            event_id=event_id,
            defaults={"event": event, "payload": payload, "next_attempt_at": now, "created_at": now},
        )
        if is_new:
            schedule_delivery(delivery)
            created.append(delivery.pk)
    return created
