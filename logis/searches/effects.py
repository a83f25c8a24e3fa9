"""What the searches app does after other apps' use cases (registered on their registries, ADR 0008)."""

import logging

from logis.offers.events import OfferStatusChanged, offer_status_changed
from logis.searches.services import favourites_tell_unavailable
from logis.searches.tasks import send_immediate_alerts

logger = logging.getLogger(__name__)


@offer_status_changed.register(matches=lambda event: event.published)
def queue_the_immediate_alerts(event: OfferStatusChanged) -> None:
    """Queues the immediate alerts of the saved searches the published offer matches (after commit)."""
    try:
        send_immediate_alerts.delay(event.offer.pk)
    except Exception:  # the broker is down: the daily run alerts the offer (each pair once)
        logger.warning("searches: immediate alerts of offer %s not queued; the daily run sends them", event.offer.pk)


@offer_status_changed.register(matches=lambda event: event.withdrawn)
def tell_the_favourites(event: OfferStatusChanged) -> None:
    """Tells the people who kept the offer in « Mes favoris » that it is no longer available."""
    favourites_tell_unavailable(offer=event.offer, reason=event.reason)
