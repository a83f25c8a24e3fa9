"""Events sent to partners' webhooks, written in the transaction of what caused them (found at start-up)."""

from logis.api.models import WebhookEvent
from logis.api.webhooks import emit
from logis.applications.effects import TransitionEvent, on_transition
from logis.applications.workflow import STATE_LABELS, State
from logis.core.effects import Phase
from logis.employers.events import AgreementRequested, agreement_requested


@on_transition(phase=Phase.IN_TRANSACTION)
def tell_the_landlord_s_systems(event: TransitionEvent) -> None:
    """Sends `application.state_changed` (and `offer.expired` when the applicant let the delay pass) to the
    webhooks of the offer's landlord (delivery rows in the transaction, sent by the task queue after commit)."""
    if not event.notify:
        return
    application = event.application
    data = {
        "application_id": application.pk,
        "offer_id": application.offer_id,
        "offer_reference": application.offer.reference,
        "transition": event.transition.name,
        "from_state": event.source.value if event.source else "",
        "to_state": event.target.value,
        "state_label": STATE_LABELS[event.target],
        "at": event.now.isoformat(),
    }
    landlord_id = application.offer.landlord_id
    emit(organization_id=landlord_id, event=WebhookEvent.APPLICATION_STATE_CHANGED, data=data, now=event.now)
    if event.target == State.EXPIRED:
        emit(organization_id=landlord_id, event=WebhookEvent.OFFER_EXPIRED, data=data, now=event.now)


@agreement_requested.register(phase=Phase.IN_TRANSACTION)
def tell_the_employer_s_systems(event: AgreementRequested) -> None:
    """Sends `agreement.requested` to the employer's webhooks: the request's number and date only (the details
    are read through the API, which records the read)."""
    agreement = event.agreement
    emit(
        organization_id=agreement.employer_id,
        event=WebhookEvent.AGREEMENT_REQUESTED,
        data={"agreement_id": agreement.pk, "requested_at": agreement.requested_at.isoformat()},
        now=event.now,
    )
