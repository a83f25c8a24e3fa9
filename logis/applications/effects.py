"""What follows a transition of an application: the declared effects, and the applications app's own.

`application_transition` (and `application_submit`, for the first step) writes the new state and its log row,
then runs `transition_effects` with a `TransitionEvent`. Any app registers what it does after a transition in its
own `effects.py`::

    from logis.applications.effects import TransitionEvent, on_transition
    from logis.applications.workflow import State
    from logis.core.effects import Phase

    @on_transition(to=State.LEASE_SIGNED)  # after commit, by default
    def open_the_moving_checklist(event: TransitionEvent) -> None:
        \"\"\"Opens the moving checklist of the new tenant.\"\"\"  # this line goes into docs/workflow.md
        ...

Effects are chosen by target state (`to=`), by transition name (`transitions=`) or by a pure predicate on the
source and target states (`when=`), and run in the order of registration (INSTALLED_APPS order). docs/workflow.md
lists them, with the transitions of the table that fire each (`manage.py workflow_doc`). ADR 0008 says what runs
in the transaction and what after commit.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable

from logis.applications import reasons, workflow
from logis.applications.models import Application, TransitionLog
from logis.applications.workflow import Role, State, Transition
from logis.applications.workflow_doc import EffectDoc
from logis.core.effects import Effect, Effects, Phase
from logis.demands.models import Demand
from logis.notifications.email import send_email_on_commit
from logis.offers.events import offer_status_saved
from logis.offers.models import Offer
from logis.registry.api import mark_attributed


@dataclasses.dataclass(frozen=True)
class TransitionEvent:
    """One transition that has just been written (state, updated_at and its TransitionLog row)."""

    application: Application  # the locked row, with demand__owner and offer__commune loaded
    log: TransitionLog  # the history row of this transition: its pk names the event (e-mail outbox, webhooks)
    transition: Transition
    source: State | None  # None for "submit", the first step
    by: object  # the User who acted, None for the platform (role "system")
    role: Role
    comment: str
    now: dt.datetime
    notify: bool  # False for data loaded without people (demo): no e-mail, no message to anyone
    # Applies a follow-up transition as the platform (role "system"), in this transaction, with its own effects.
    follow: Callable[..., Application]

    @property
    def target(self) -> State:
        return self.transition.target


@dataclasses.dataclass(frozen=True)
class Trigger:
    """When an effect fires, as data: workflow_doc lists the transitions of the table that match it."""

    to: frozenset[State] = frozenset()
    transitions: frozenset[str] = frozenset()
    when: Callable[[State | None, State], bool] | None = None

    def matches(self, transition: Transition, source: State | None) -> bool:
        if self.to and transition.target not in self.to:
            return False
        if self.transitions and transition.name not in self.transitions:
            return False
        return self.when is None or self.when(source, transition.target)


transition_effects = Effects(
    "applications.transition", "What follows a transition of an application (logis.applications.effects)."
)


def on_transition(
    *,
    to: State | Iterable[State] = (),
    transitions: str | Iterable[str] = (),
    when: Callable[[State | None, State], bool] | None = None,
    phase: Phase = Phase.AFTER_COMMIT,
):
    """Register the decorated `func(event: TransitionEvent)` to run after the matching transitions."""
    trigger = Trigger(
        to=frozenset({State(to)} if isinstance(to, str) else map(State, to)),
        transitions=frozenset({transitions} if isinstance(transitions, str) else transitions),
        when=when,
    )

    def matches(event: TransitionEvent) -> bool:
        return trigger.matches(event.transition, event.source)

    return transition_effects.register(phase=phase, matches=matches, trigger=trigger)


def effects_of(transition: Transition, source: State | None) -> list[Effect]:
    """The registered effects that follow `transition` from `source`, in the order they run."""
    return [effect for effect in transition_effects if effect.trigger.matches(transition, source)]


def effect_docs() -> list[EffectDoc]:
    """The registered effects as data for docs/workflow.md, with the transitions of the table that fire each."""
    table = [
        (workflow.SUBMIT, (None,)),
        *((t, tuple(s for s in State if s in t.sources)) for t in workflow.TRANSITIONS),
    ]
    docs = []
    for effect in transition_effects:
        fired_by = []
        for transition, sources in table:
            matching = tuple(source for source in sources if effect.trigger.matches(transition, source))
            if matching:
                fired_by.append((transition.name, matching))
        docs.append(
            EffectDoc(name=effect.name, phase=effect.phase.value, summary=effect.summary, fired_by=tuple(fired_by))
        )
    return docs


# --- The applications app's own effects --------------------------------------------------------------------------


@on_transition(phase=Phase.IN_TRANSACTION)
def notify_the_applicant(event: TransitionEvent) -> None:
    """E-mails the applicant the new step (`notifications/email/application_<state>_*.txt`); the e-mail leaves
    once the transaction commits."""
    if not event.notify:
        return
    application = event.application
    owner = application.demand.owner
    extra = {"comment": event.comment} if event.comment else {}
    if event.log.reason_category:  # a set-aside, a non-attribution, an irrecevability… (logis.applications.reasons)
        extra["reason"] = reasons.get(event.log.reason_category)
    if event.target == State.OFFER_MADE:
        extra["respond_by"] = application.answer_deadline
    send_email_on_commit(
        f"application_{event.target.value}",
        to=owner.email,
        key=f"application_transition:{event.log.pk}",
        user=owner,
        context={
            "first_name": owner.first_name,
            "offer": application.offer,
            "commune": application.offer.commune.name,
            "state_label": workflow.STATE_LABELS[event.target],
            **extra,
        },
    )


@on_transition(to=State.LEASE_SIGNED, phase=Phase.IN_TRANSACTION)
def close_the_offer_after_the_lease(event: TransitionEvent) -> None:
    """Closes the offer, marks the demand as attributed in the register (`logis.registry.api.mark_attributed`;
    a social letting only: a private lease leaves the social demand as it is) and lapses the other applications
    waiting for the dwelling."""
    application = event.application
    offer = Offer.objects.get(pk=application.offer_id)
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.CLOSED)
    previous, offer.status = offer.status, Offer.Status.CLOSED
    offer_status_saved(offer, previous=previous, reason="lease_signed")
    if application.channel == workflow.Channel.SOCIAL:
        mark_attributed(application.demand.numero_unique)
        # The platform's copy follows the register at once (retention of the file counts from the demand's end).
        Demand.objects.filter(pk=application.demand_id).update(register_status="attributed")
    waiting = (
        Application.objects.filter(
            offer_id=application.offer_id, state__in=sorted(s.value for s in workflow.WAITS_FOR_THE_OFFER)
        )
        .exclude(pk=application.pk)
        .order_by("pk")
    )
    for other in waiting:
        event.follow(application=other, name="lapse")
