"""Scheduled job of the social support, run daily by Celery beat (also `manage.py remind_support_steps`)."""

import logging

from celery import shared_task

from logis.support.services import steps_remind

logger = logging.getLogger(__name__)


@shared_task(name="support.remind_support_steps", ignore_result=True)
def remind_support_steps() -> int:
    """Remind the steps past due, once a day each. Safe twice."""
    sent = steps_remind()
    logger.info("remind_support_steps: %s step(s) reminded", sent)
    return sent
