"""The states of a purchase interest (docs/adr/0015), declared in one table like the rental workflow.

Pure (standard library only). A purchase interest is not an application: it never enters the CALEOL workflow of
`logis/applications/workflow.py` and does not count in its « one application in progress » rule.
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    SENT = "sent"
    WITHDRAWN = "withdrawn"
    ANSWERED = "answered"


class Role(StrEnum):
    APPLICANT = "applicant"
    LANDLORD = "landlord"


STATE_LABELS = {
    State.SENT: "Envoyée au bailleur",
    State.WITHDRAWN: "Retirée",
    State.ANSWERED: "Le bailleur a répondu",
}
OPEN_STATES = frozenset({State.SENT})

# Platform policy, not law: how many homes a person may say their interest in at once (against mass sending).
MAX_OPEN_INTERESTS = 5


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    label: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("withdraw", OPEN_STATES, State.WITHDRAWN, frozenset({Role.APPLICANT}), "Retirer mon intérêt"),
        Transition("answer", OPEN_STATES, State.ANSWERED, frozenset({Role.LANDLORD}), "Répondre"),
    )
}


class TransitionNotAllowed(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_transition(name: str, state: str, role: Role) -> Transition:
    """The transition `name` from `state` for `role`, or TransitionNotAllowed with a French sentence."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionNotAllowed("Action inconnue.")
    if role not in transition.roles:
        raise TransitionNotAllowed("Vous ne pouvez pas faire cette action sur cet intérêt.")
    if State(state) not in transition.sources:
        raise TransitionNotAllowed(
            f"Cet intérêt est « {STATE_LABELS[State(state)].lower()} » : il n'y a plus rien à faire."
        )
    return transition
