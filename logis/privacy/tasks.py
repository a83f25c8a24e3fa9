"""Scheduled job of « Mes données », run daily by Celery beat (also `manage.py purge_personal_data`, e.g. cron)."""

import logging

from celery import shared_task

from logis.privacy.services import ended_demands_purge, inactive_accounts_purge

logger = logging.getLogger(__name__)


@shared_task(name="privacy.purge_personal_data", ignore_result=True)
def purge_personal_data() -> dict:
    """Warn, then delete, the accounts unused for two years; erase the demands ended for a year. Safe twice."""
    warned, deleted = inactive_accounts_purge()
    demands = ended_demands_purge()
    logger.info("purge_personal_data: %s warned, %s account(s) deleted, %s demand(s) erased", warned, deleted, demands)
    return {"warned": warned, "deleted": deleted, "demands": demands}
