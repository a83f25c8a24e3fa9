"""Scheduled job of the applications, run daily by Celery beat (also `manage.py expire_offers`, e.g. from cron)."""

import logging

from celery import shared_task

from logis.applications.services import applications_expire_offers

logger = logging.getLogger(__name__)


@shared_task(name="applications.expire_offers", ignore_result=True)
def expire_offers() -> dict[str, int]:
    """Offers past the legal answer delay expire; suspensive conditions past their deadline lapse. Safe twice."""
    from logis.commission.services import conditions_lapse  # the commission's decisions hold the deadlines

    counts = {"expired": len(applications_expire_offers()), "lapsed": len(conditions_lapse())}
    logger.info("expire_offers: %(expired)s offer(s) expired, %(lapsed)s condition(s) lapsed", counts)
    return counts
