"""Daily job of the offers made and the suspensive conditions, run by Celery beat (also `manage.py expire_offers`)."""

import logging

from celery import shared_task

from logis.applications.services import applications_expire_offers
from logis.commission.services import conditions_lapse

logger = logging.getLogger(__name__)


@shared_task(name="commission.expire_offers", ignore_result=True)
def expire_offers() -> dict[str, int]:
    """Offers past the legal answer delay expire; suspensive conditions past their deadline lapse. Safe twice."""
    counts = {"expired": len(applications_expire_offers()), "lapsed": len(conditions_lapse())}
    logger.info("expire_offers: %(expired)s offer(s) expired, %(lapsed)s condition(s) lapsed", counts)
    return counts
