"""Scheduled job of the audit log, run daily by Celery beat (also `manage.py purge_audit`, e.g. from cron)."""

import logging

from celery import shared_task

from logis.audit.services import audit_purge

logger = logging.getLogger(__name__)


@shared_task(name="audit.purge_audit", ignore_result=True)
def purge_audit() -> int:
    """Erase the reads of sensitive data older than one year. Safe twice."""
    removed = audit_purge()
    logger.info("purge_audit: %s read(s) erased", removed)
    return removed
