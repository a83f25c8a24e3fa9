"""What follows a change of an offer's status in other apps: a registry other apps register on (ADR 0008).

`offer_status_changed` runs when an offer is published, suspended or closed, whichever path wrote its status: the
landlord's workspace and the partner API through it (`logis.landlords.services.offer_set_status`), the admin of the
Logis team and of the agents (`logis.offers.admin`), the signed lease that closes it (`logis.applications.effects`).
Each calls `offer_status_saved`, which runs the registry with an `OfferStatusChanged` event when the status changed.
The searches app sends the immediate alerts of a published offer and tells the people who kept an offer aside that
it is no longer available (logis/searches/effects.py).
"""

import dataclasses

from logis.core.effects import Effects
from logis.offers.models import Offer


@dataclasses.dataclass(frozen=True)
class OfferStatusChanged:
    offer: Offer
    previous: str
    reason: str = ""  # "lease_signed" when the signed lease closed it

    @property
    def published(self) -> bool:
        return self.offer.status == Offer.Status.PUBLISHED and self.previous != Offer.Status.PUBLISHED

    @property
    def withdrawn(self) -> bool:
        return self.previous == Offer.Status.PUBLISHED and self.offer.status != Offer.Status.PUBLISHED


offer_status_changed = Effects(
    "offers.offer_status_changed",
    "What follows an offer published, suspended or closed (logis.offers.events).",
)


def offer_status_saved(offer: Offer, *, previous: str, reason: str = "") -> None:
    """What follows a write of `offer.status` (`previous`: the status before, "" for a new offer), in the transaction
    that wrote it: `offer_status_changed` runs when the status changed. Every path that writes an offer's status
    calls it, so that an offer published by the admin alerts the saved searches as one published by its landlord."""
    if offer.status != previous:
        offer_status_changed.run(OfferStatusChanged(offer=offer, previous=previous, reason=reason))
