"""The application state machine: one declarative table (pure module, stdlib only).

Nothing but logis.applications.services.application_transition changes an application's state, and it
consults this table. docs/workflow.md is generated from it (python manage.py workflow_doc).
"""

from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    SET_ASIDE = "set_aside"
    IN_COMMISSION = "in_commission"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    APPLICANT = "applicant"
    LANDLORD_AGENT = "landlord_agent"
    COMMISSION = "commission"
    STAFF = "staff"


STATE_LABELS = {
    State.SUBMITTED: "Candidature envoyée au bailleur",
    State.VALIDATED: "Dossier validé par le bailleur",
    State.SET_ASIDE: "Dossier non retenu par le bailleur",
    State.IN_COMMISSION: "Dossier présenté en commission d'attribution (CALEOL)",
    State.WITHDRAWN: "Candidature retirée",
}

ROLE_LABELS = {
    Role.APPLICANT: "Demandeur (titulaire de la demande)",
    Role.LANDLORD_AGENT: "Chargé(e) de clientèle du bailleur de l'offre",
    Role.COMMISSION: "Membre de la CALEOL du bailleur",
    Role.STAFF: "Équipe Logis",
}

# States in which an application counts as the applicant's one application in progress.
ACTIVE_STATES = frozenset({State.SUBMITTED, State.VALIDATED, State.IN_COMMISSION})
TERMINAL_STATES = frozenset({State.SET_ASIDE, State.WITHDRAWN})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    label: str
    needs_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "validate",
        frozenset({State.SUBMITTED}),
        State.VALIDATED,
        frozenset({Role.LANDLORD_AGENT}),
        "Valider le dossier (pré-sélection)",
    ),
    Transition(
        "set_aside",
        frozenset({State.SUBMITTED, State.VALIDATED}),
        State.SET_ASIDE,
        frozenset({Role.LANDLORD_AGENT}),
        "Ne pas retenir le dossier",
        needs_comment=True,
    ),
    Transition(
        "schedule",
        frozenset({State.VALIDATED}),
        State.IN_COMMISSION,
        frozenset({Role.LANDLORD_AGENT}),
        "Inscrire à l'ordre du jour de la CALEOL",
    ),
    Transition(
        "withdraw",
        frozenset(ACTIVE_STATES),
        State.WITHDRAWN,
        frozenset({Role.APPLICANT}),
        "Retirer ma candidature",
    ),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}


class TransitionNotAllowed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def get_transition(name: str) -> Transition:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise TransitionNotAllowed(f"Action inconnue : {name}.") from None


def check(name: str, current: State | str, role: Role | str) -> Transition:
    """Return the transition if `role` may apply `name` from `current`, else raise TransitionNotAllowed."""
    transition = get_transition(name)
    if State(current) not in transition.sources:
        step = STATE_LABELS[State(current)]
        raise TransitionNotAllowed(
            f"Action « {transition.label} » impossible : la candidature est à l'étape « {step} »."
        )
    if Role(role) not in transition.roles:
        raise TransitionNotAllowed(f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} ».")
    return transition


def available(current: State | str, role: Role | str) -> list[Transition]:
    return [t for t in TRANSITIONS if State(current) in t.sources and Role(role) in t.roles]
