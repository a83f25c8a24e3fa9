"""The application state machine: one declarative table (pure module, stdlib only).

Nothing but logis.applications.services.application_transition changes an application's state, and it
consults this table. docs/workflow.md is generated from it (python manage.py workflow_doc).

The path of a file: the applicant applies (submitted); the landlord's agent validates it (pre-selection) or
sets it aside; puts it on the agenda of a CALEOL session (in_commission); the commission takes one decision of
the legal list (CCH R441-3): attribution (the dwelling is offered: offer_made), attribution with a ranking
(the first ranked gets the offer, the next ones wait: ranked), attribution under a suspensive condition
(conditional), non-attribution, irrecevabilité. The applicant accepts or refuses the offer within the legal
delay (R441-10); a refusal, silence or a withdrawal passes the offer to the next ranked. The agent schedules
a visit, then records the signed lease, which closes the offer.

A second dimension, the offer's channel: a private letting (estate agency or private owner, issue #19) goes
without CALEOL. The owner proposes the home to one candidate who shared a tenant file (`propose`), the applicant
accepts or refuses within the delay the owner set, then visit and lease as above. Each transition says on which
channels it applies; the states a private letting never reaches are those of the CALEOL.
"""

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

# The roles are the platform's one vocabulary (logis.organizations.roles, stdlib only); hr and advisor hold no
# transition.
from logis.organizations.roles import Role

__all__ = ["Role"]


class State(StrEnum):
    SUBMITTED = "submitted"
    VALIDATED = "validated"
    SET_ASIDE = "set_aside"
    IN_COMMISSION = "in_commission"
    RANKED = "ranked"
    CONDITIONAL = "conditional"
    OFFER_MADE = "offer_made"
    ACCEPTED = "accepted"
    VISIT_SCHEDULED = "visit_scheduled"
    LEASE_SIGNED = "lease_signed"
    REFUSED = "refused"
    EXPIRED = "expired"
    NOT_ATTRIBUTED = "not_attributed"
    INADMISSIBLE = "inadmissible"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


STATE_LABELS = {
    State.SUBMITTED: "Candidature envoyée au bailleur",
    State.VALIDATED: "Dossier validé par le bailleur",
    State.SET_ASIDE: "Dossier non retenu par le bailleur",
    State.IN_COMMISSION: "Dossier présenté en commission d'attribution (CALEOL)",
    State.RANKED: "Classement de la CALEOL : le logement est d'abord proposé aux candidats classés avant",
    State.CONDITIONAL: "Logement attribué sous condition suspensive : pièce à fournir",
    State.OFFER_MADE: "Logement proposé : réponse attendue",
    State.ACCEPTED: "Proposition acceptée : visite à programmer",
    State.VISIT_SCHEDULED: "Visite du logement programmée",
    State.LEASE_SIGNED: "Bail signé",
    State.REFUSED: "Proposition refusée",
    State.EXPIRED: "Proposition expirée faute de réponse dans le délai",
    State.NOT_ATTRIBUTED: "Logement non attribué par la CALEOL",
    State.INADMISSIBLE: "Demande déclarée irrecevable par la CALEOL",
    State.LAPSED: "Logement attribué à un autre candidat",
    State.WITHDRAWN: "Candidature retirée",
}


class Channel(StrEnum):
    """Who lets the home (same values as logis.offers.models.Channel)."""

    SOCIAL = "social"
    PRIVATE = "private"


CHANNEL_LABELS = {
    Channel.SOCIAL: "Bailleur social (commission d'attribution)",
    Channel.PRIVATE: "Parc privé (agence ou propriétaire, sans commission)",
}

ROLE_LABELS = {
    Role.APPLICANT: "Demandeur (titulaire de la demande)",
    Role.LANDLORD_AGENT: (
        "Chargé ou chargée de clientèle du bailleur de l'offre, agent de l'agence ou propriétaire particulier"
    ),
    Role.COMMISSION: "Membre de la CALEOL du bailleur",
    Role.STAFF: "Équipe Logis",
    Role.SYSTEM: "Tâche planifiée de la plateforme (délais, suites automatiques), sans personne connectée",
}

# States in which an application counts as the applicant's one application in progress.
ACTIVE_STATES = frozenset(
    {
        State.SUBMITTED,
        State.VALIDATED,
        State.IN_COMMISSION,
        State.RANKED,
        State.CONDITIONAL,
        State.OFFER_MADE,
        State.ACCEPTED,
        State.VISIT_SCHEDULED,
    }
)
TERMINAL_STATES = frozenset(set(State) - ACTIVE_STATES)
# The states a private letting goes through (no CALEOL): the others are the commission's.
PRIVATE_STATES = frozenset(
    {
        State.SUBMITTED,
        State.SET_ASIDE,
        State.OFFER_MADE,
        State.ACCEPTED,
        State.VISIT_SCHEDULED,
        State.LEASE_SIGNED,
        State.REFUSED,
        State.EXPIRED,
        State.LAPSED,
        State.WITHDRAWN,
    }
)
# The application holds the dwelling: leaving these states for a final one (other than the lease) passes the
# offer to the next candidate ranked by the commission.
HOLDS_THE_OFFER = frozenset({State.CONDITIONAL, State.OFFER_MADE, State.ACCEPTED, State.VISIT_SCHEDULED})
# Still waiting for the dwelling: when another candidate signs the lease these files lapse.
WAITS_FOR_THE_OFFER = frozenset({State.SUBMITTED, State.VALIDATED, State.IN_COMMISSION, State.RANKED})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[State]
    target: State
    roles: frozenset[Role]
    label: str
    needs_comment: bool = False
    # A set-aside, a non-attribution, an irrecevability, an unmet condition: a category of
    # logis/applications/data/reasons.toml is recorded, and the applicant reads it.
    needs_reason_category: bool = False
    # The offers' channels on which the transition applies.
    channels: frozenset[Channel] = frozenset(Channel)


_SOCIAL_ONLY = frozenset({Channel.SOCIAL})
_PRIVATE_ONLY = frozenset({Channel.PRIVATE})


def _t(
    name, sources, target, roles, label, *, needs_comment=False, needs_reason_category=False, channels=_SOCIAL_ONLY
) -> Transition:
    return Transition(
        name,
        frozenset(sources),
        target,
        frozenset(roles),
        label,
        needs_comment,
        needs_reason_category,
        frozenset(channels),
    )


_BOTH = frozenset(Channel)


_AGENT = {Role.LANDLORD_AGENT}
_COMMISSION = {Role.COMMISSION}

TRANSITIONS: tuple[Transition, ...] = (
    _t("validate", {State.SUBMITTED}, State.VALIDATED, _AGENT, "Valider le dossier (pré-sélection)"),
    _t(
        "set_aside",
        {State.SUBMITTED, State.VALIDATED},
        State.SET_ASIDE,
        _AGENT,
        "Ne pas retenir le dossier",
        needs_comment=True,
        needs_reason_category=True,
        channels=_BOTH,
    ),
    _t("schedule", {State.VALIDATED}, State.IN_COMMISSION, _AGENT, "Inscrire à l'ordre du jour de la CALEOL"),
    _t("unschedule", {State.IN_COMMISSION}, State.VALIDATED, _AGENT, "Retirer de l'ordre du jour de la CALEOL"),
    # Decisions of the CALEOL (CCH R441-3 a to e).
    _t("attribute", {State.IN_COMMISSION}, State.OFFER_MADE, _COMMISSION, "Attribuer le logement"),
    _t(
        "rank",
        {State.IN_COMMISSION},
        State.RANKED,
        _COMMISSION,
        "Attribuer le logement avec un classement (2e rang ou suivant)",
    ),
    _t(
        "attribute_conditionally",
        {State.IN_COMMISSION},
        State.CONDITIONAL,
        _COMMISSION,
        "Attribuer le logement sous condition suspensive",
        needs_comment=True,
    ),
    _t(
        "not_attribute",
        {State.IN_COMMISSION},
        State.NOT_ATTRIBUTED,
        _COMMISSION,
        "Ne pas attribuer le logement",
        needs_comment=True,
        needs_reason_category=True,
    ),
    _t(
        "declare_inadmissible",
        {State.IN_COMMISSION},
        State.INADMISSIBLE,
        _COMMISSION,
        "Déclarer la demande irrecevable",
        needs_comment=True,
        needs_reason_category=True,
    ),
    # After the decision.
    _t("lift_condition", {State.CONDITIONAL}, State.OFFER_MADE, _AGENT, "Lever la condition suspensive"),
    _t(
        "condition_unmet",
        {State.CONDITIONAL},
        State.NOT_ATTRIBUTED,
        {Role.LANDLORD_AGENT, Role.SYSTEM},
        "Constater que la condition suspensive n'est pas remplie",
        needs_comment=True,
        needs_reason_category=True,
    ),
    _t(
        "make_offer",
        {State.RANKED},
        State.OFFER_MADE,
        {Role.LANDLORD_AGENT, Role.SYSTEM},
        "Proposer le logement au candidat suivant",
    ),
    # A private letting: the owner or the agency proposes the home to the candidate it chose (no CALEOL), with the
    # delay it sets to answer.
    _t(
        "propose",
        {State.SUBMITTED},
        State.OFFER_MADE,
        _AGENT,
        "Proposer le logement à ce candidat",
        channels=_PRIVATE_ONLY,
    ),
    _t("accept", {State.OFFER_MADE}, State.ACCEPTED, {Role.APPLICANT}, "Accepter le logement proposé", channels=_BOTH),
    _t(
        "refuse",
        {State.OFFER_MADE},
        State.REFUSED,
        {Role.APPLICANT},
        "Refuser le logement proposé",
        needs_reason_category=True,
        channels=_BOTH,
    ),
    _t(
        "expire",
        {State.OFFER_MADE},
        State.EXPIRED,
        {Role.SYSTEM, Role.STAFF},
        "Constater l'absence de réponse dans le délai",
        channels=_BOTH,
    ),
    _t("schedule_visit", {State.ACCEPTED}, State.VISIT_SCHEDULED, _AGENT, "Programmer la visite", channels=_BOTH),
    _t(
        "reschedule_visit",
        {State.VISIT_SCHEDULED},
        State.VISIT_SCHEDULED,
        _AGENT,
        "Changer la date de la visite",
        channels=_BOTH,
    ),
    _t(
        "sign_lease",
        {State.VISIT_SCHEDULED},
        State.LEASE_SIGNED,
        _AGENT,
        "Enregistrer le bail signé",
        channels=_BOTH,
    ),
    _t(
        "lapse",
        WAITS_FOR_THE_OFFER,
        State.LAPSED,
        {Role.SYSTEM},
        "Clore la candidature : logement attribué à un autre candidat",
        channels=_BOTH,
    ),
    _t("withdraw", ACTIVE_STATES, State.WITHDRAWN, {Role.APPLICANT}, "Retirer ma candidature", channels=_BOTH),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}

# "Je postule" creates the application in its first state: not a transition of the table (no source state, and
# logis.applications.services.application_submit applies it), but its effects are declared like the others'.
SUBMIT = Transition("submit", frozenset(), State.SUBMITTED, frozenset({Role.APPLICANT}), "Postuler à l'offre")


def _load_attribution_parameters() -> dict:
    with (Path(__file__).parent / "data" / "attribution.toml").open("rb") as file:
        return tomllib.load(file)


_PARAMETERS = _load_attribution_parameters()
MIN_CANDIDATES_PER_UNIT: int = _PARAMETERS["min_candidates_per_unit"]  # CCH R441-3


class TransitionNotAllowed(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def get_transition(name: str) -> Transition:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise TransitionNotAllowed(f"Action inconnue : {name}.") from None


def check(name: str, current: State | str, role: Role | str, channel: Channel | str = Channel.SOCIAL) -> Transition:
    """Return the transition if `role` may apply `name` from `current` on an offer of `channel`, else raise
    TransitionNotAllowed."""
    transition = get_transition(name)
    if Channel(channel) not in transition.channels:
        where = "une location du parc privé" if Channel(channel) == Channel.PRIVATE else "un logement social"
        raise TransitionNotAllowed(f"L'action « {transition.label} » ne s'applique pas à {where}.")
    if State(current) not in transition.sources:
        step = STATE_LABELS[State(current)]
        raise TransitionNotAllowed(
            f"Action « {transition.label} » impossible : la candidature est à l'étape « {step} »."
        )
    if Role(role) not in transition.roles:
        raise TransitionNotAllowed(f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} ».")
    return transition


def available(current: State | str, role: Role | str, channel: Channel | str = Channel.SOCIAL) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS
        if State(current) in t.sources and Role(role) in t.roles and Channel(channel) in t.channels
    ]


def frees_the_offer(source: State | str | None, target: State | str) -> bool:
    """Leaving the dwelling to the next ranked candidate: the holder refused, let the delay pass, withdrew, or
    did not meet the suspensive condition."""
    if source is None:  # "submit" frees nothing
        return False
    return State(source) in HOLDS_THE_OFFER and State(target) in TERMINAL_STATES and target != State.LEASE_SIGNED
