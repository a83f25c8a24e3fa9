"""Celery tasks of the outbox: one message after its transaction commits, and the periodic flush (retries)."""

from celery import shared_task

from logis.notifications import outbox


@shared_task(name="notifications.send_outbox_message", ignore_result=True)
def send_outbox_message(pk: int) -> str | None:
    return outbox.deliver(pk)


@shared_task(name="notifications.send_outbox_messages", ignore_result=True)
def send_outbox_messages(pks: list[int]) -> int:
    """Several messages written together (a scheduled job's batch): one hand-over for the lot, each still claimed
    and delivered on its own. Returns how many were sent."""
    return sum(outbox.deliver(pk) == outbox.Status.SENT for pk in pks)


@shared_task(name="notifications.outbox_flush", ignore_result=True)
def outbox_flush() -> dict[str, int]:
    """Run by Celery beat every EMAIL_OUTBOX_FLUSH_SECONDS: messages waiting for a retry, and stale claims."""
    return outbox.flush()
