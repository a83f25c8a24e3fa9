"""What the commission's ranking does after a transition (registered on logis.applications.effects)."""

from logis.applications import workflow
from logis.applications.effects import TransitionEvent, on_transition
from logis.applications.models import Application
from logis.commission.selectors import next_ranked_application
from logis.core.effects import Phase


@on_transition(when=workflow.frees_the_offer, phase=Phase.IN_TRANSACTION)
def pass_the_offer_on(event: TransitionEvent) -> None:
    """Offers the dwelling to the next candidate ranked by the CALEOL (transition `make_offer`, role `system`),
    unless someone still holds it.

    In the transaction that frees the dwelling, under the same row lock: the dwelling is never left unoffered
    while a ranked candidate waits, and never held by two candidates (ADR 0008).
    """
    offer = event.application.offer
    holders = Application.objects.filter(offer=offer, state__in=sorted(s.value for s in workflow.HOLDS_THE_OFFER))
    if holders.exists():
        return
    following = next_ranked_application(offer)
    if following is None:
        return
    event.follow(
        application=following, name="make_offer", comment="Le candidat classé avant vous n'a pas donné suite."
    )
