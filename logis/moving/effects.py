"""What the moving guide does after other apps' use cases (found at start-up by logis.core.apps)."""

from django.utils import timezone

from logis.applications.effects import TransitionEvent, on_transition
from logis.applications.workflow import State
from logis.moving.services import moving_plan_save
from logis.offers.models import Financing


@on_transition(to=State.LEASE_SIGNED)
def open_the_moving_checklist(event: TransitionEvent) -> None:
    """Opens the new tenant's moving checklist (moving day: the dwelling's availability date, or the signature)."""
    application = event.application
    offer = application.offer
    signed_on = timezone.localdate(event.now)
    moving_date = max(signed_on, offer.available_on) if offer.available_on else signed_on
    snapshot = application.demand.snapshot or {}
    current = snapshot.get("current_housing", "")
    moving_plan_save(
        owner=application.demand.owner,
        moving_date=moving_date,
        origin="lease",
        application=application,
        now=event.now,
        lease_kind="empty" if current in ("locataire_hlm", "locataire_prive") else "none",
        social_attributed=offer.financing in Financing.social(),
    )
