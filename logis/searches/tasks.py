"""Jobs of the saved searches' alerts: the daily run (Celery beat, also `manage.py send_search_alerts`) and the
immediate alerts of one published offer (queued after the commit that publishes it)."""

import logging

from celery import shared_task

from logis.searches.models import SavedSearch
from logis.searches.services import alerts_send

logger = logging.getLogger(__name__)


@shared_task(name="searches.send_search_alerts", ignore_result=True)
def send_search_alerts() -> int:
    """E-mails each search with alerts the offers published since it was saved that match it, each pair once."""
    sent = alerts_send()
    logger.info("send_search_alerts: %s e-mails written", sent)
    return sent


@shared_task(name="searches.send_immediate_alerts", ignore_result=True)
def send_immediate_alerts(offer_id: int) -> int:
    """The searches with immediate alerts that the newly published offer matches."""
    return alerts_send(offer_ids=[offer_id], frequencies=[SavedSearch.Frequency.IMMEDIATE])
