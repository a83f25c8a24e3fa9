"""Celery tasks of the webhooks: one attempt of one delivery, and the periodic flush of retries."""

from celery import shared_task

from logis.api import delivery


@shared_task(name="api.deliver_webhook", ignore_result=True)
def deliver_webhook(pk: int) -> str | None:
    return delivery.deliver(pk)


@shared_task(name="api.webhooks_flush", ignore_result=True)
def webhooks_flush() -> int:
    """Run by Celery beat every minute: the attempts that are due (retries with back-off)."""
    pks = delivery.due()
    for pk in pks:
        delivery.deliver(pk)
    return len(pks)
