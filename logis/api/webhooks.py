"""Events for partners: written as deliveries in the transaction of what caused them, sent after commit.

`emit(organization, event, data, event_id)` creates one delivery per active address of the organisation that
subscribed to the event (at most one per address and event id), and hands each to the task queue once the
transaction commits. A broker that is down loses nothing: the periodic flush (api.webhooks_flush) sends it.
"""

import logging
import uuid

from django.utils import timezone

from logis.api.delivery import check_target
from logis.api.models import WebhookDelivery, WebhookEndpoint
from logis.api.tasks import deliver_webhook
from logis.core.tasks import enqueue_on_commit

__all__ = ["check_target", "emit", "schedule_delivery"]

logger = logging.getLogger(__name__)


def schedule_delivery(delivery: WebhookDelivery) -> None:
    """Hand the delivery to the task queue after commit, with the transaction's other tasks (logis.core.tasks); a
    broker that is down loses nothing: the delivery is committed and due, the periodic flush sends it."""
    enqueue_on_commit(deliver_webhook, delivery.pk)


def emit(*, organization_id: int, event: str, data: dict, event_id: str | None = None, now=None) -> list[int]:
    now = now or timezone.now()
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(organization_id=organization_id, is_active=True)
        if event in endpoint.events
    ]
    if not endpoints:
        return []
    event_id = event_id or str(uuid.uuid4())
    payload = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
    created = []
    for endpoint in endpoints:
        delivery, is_new = WebhookDelivery.objects.get_or_create(
            endpoint=endpoint,
            event_id=event_id,
            defaults={"event": event, "payload": payload, "next_attempt_at": now, "created_at": now},
        )
        if is_new:
            schedule_delivery(delivery)
            created.append(delivery.pk)
    return created
