"""Daily job of the moving guide, run by Celery beat (also `manage.py send_moving_reminders`)."""

import logging

from celery import shared_task

from logis.moving.services import moving_reminders_send

logger = logging.getLogger(__name__)


@shared_task(name="moving.send_moving_reminders", ignore_result=True)
def send_moving_reminders() -> int:
    """E-mails the moving tasks due within a week; safe to run twice (each task is reminded once)."""
    sent = moving_reminders_send()
    logger.info("send_moving_reminders: %s e-mails sent", sent)
    return sent
