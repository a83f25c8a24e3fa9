"""What follows a change of an offer's status in other apps: a registry other apps register on (ADR 0008).

`offer_status_changed` runs when an offer is published, suspended or closed (`logis.landlords.services
.offer_set_status`) and when the signed lease closes it (`logis.applications.effects`), with an
`OfferStatusChanged` event. The searches app sends the immediate alerts of a published offer and tells the people
who kept an offer aside that it is no longer available (logis/searches/effects.py).
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
