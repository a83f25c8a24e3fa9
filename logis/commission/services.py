"""Use cases of the CALEOL: sessions, the agenda by offer, and the decisions (CCH R441-3).

Every change of an application's state goes through logis.applications.services.application_transition.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from logis.applications import reasons, workflow
from logis.applications.models import Application
from logis.applications.perms import application_roles
from logis.applications.services import application_transition
from logis.applications.workflow import Role, State, TransitionNotAllowed
from logis.commission.models import AgendaItem, AgendaOffer, CommissionSession, Decision
from logis.core.text import plural
from logis.organizations.models import Membership
from logis.scoring.services import application_score_store


class CommissionError(Exception):
    """A request the commission's rules refuse, worded for the person who made it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _is_member(user, landlord, *roles: str) -> bool:
    return Membership.objects.filter(user=user, organization=landlord, is_active=True, role__in=roles).exists()


@transaction.atomic
def session_create(
    *, landlord, held_at: dt.datetime, place: str = "", members=(), by, now: dt.datetime | None = None
) -> CommissionSession:
    """A new sitting of the landlord's CALEOL; its members are commission members of that landlord."""
    if not _is_member(by, landlord, Membership.Role.AGENT, Membership.Role.COMMISSION):
        raise CommissionError(
            "Seuls les chargés de clientèle et les membres de la CALEOL du bailleur créent ses séances."
        )
    members = list(members)
    for member in members:
        if member.organization_id != landlord.pk or member.role != Membership.Role.COMMISSION or not member.is_active:
            raise CommissionError("Les membres de la séance sont des membres de la CALEOL de ce bailleur.")
    session = CommissionSession.objects.create(
        landlord=landlord, held_at=held_at, place=place.strip(), created_by=by, created_at=now or timezone.now()
    )
    session.members.set(members)
    return session


@transaction.atomic
def agenda_add(
    *,
    session: CommissionSession,
    offer,
    applications: list[Application],
    fewer_reason: str = "",
    by,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> AgendaOffer:
    """Put validated candidates for `offer` on the agenda of `session`.

    At least three candidates are presented for a dwelling, unless the agent gives the legal reason for fewer
    (too few candidates; a DALO household designated by the préfet; a PLAI adapté dwelling — CCH R441-3).
    Each candidate's score is stored with its grid version: the minutes cite the score presented.
    """
    now = now or timezone.now()
    session = CommissionSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at:
        raise CommissionError("Le procès-verbal de cette séance est arrêté : son ordre du jour ne change plus.")
    if offer.landlord_id != session.landlord_id:
        raise CommissionError("Cette offre n'appartient pas au bailleur de cette séance.")
    if not _is_member(by, session.landlord, Membership.Role.AGENT):
        raise CommissionError("Seuls les chargés de clientèle du bailleur inscrivent des candidats à l'ordre du jour.")
    if not applications:
        raise CommissionError("Choisissez au moins un candidat à présenter.")
    if fewer_reason and fewer_reason not in AgendaOffer.FewerReason.values:
        raise CommissionError("Choisissez un motif de la liste.")
    for application in applications:
        if application.offer_id != offer.pk:
            raise CommissionError("Un des candidats choisis n'a pas postulé à cette offre.")
    entry, _created = AgendaOffer.objects.get_or_create(session=session, offer=offer, defaults={"added_by": by})
    already = set(entry.items.values_list("application_id", flat=True))
    fresh = [a for a in applications if a.pk not in already]
    total = len(already) + len(fresh)
    minimum = workflow.MIN_CANDIDATES_PER_UNIT
    if total < minimum and not (fewer_reason or entry.fewer_reason):
        raise CommissionError(
            f"Présentez au moins {minimum} candidats pour ce logement, ou indiquez le motif légal de présenter "
            f"moins de candidats ({total} choisi{'s' if total > 1 else ''})."
        )
    if fewer_reason and fewer_reason != entry.fewer_reason:
        entry.fewer_reason = fewer_reason
        entry.save(update_fields=["fewer_reason"])
    position = len(already)
    label = date_format(timezone.localtime(session.held_at), "j F Y")
    for application in fresh:
        try:
            application_transition(
                application=application,
                name="schedule",
                by=by,
                role=Role.LANDLORD_AGENT,
                comment=f"Séance de la CALEOL du {label}.",
                now=now,
                notify=notify,
            )
        except TransitionNotAllowed as error:
            raise CommissionError(error.message) from None
        position += 1
        AgendaItem.objects.create(agenda_offer=entry, application=application, position=position)
        # The score the commission examines is recorded with its grid version (logis.scoring).
        application_score_store(application=application, by=by, now=now)
    return entry


def _transition_for(kind: str, rank: int | None) -> str:
    return {
        Decision.Kind.ATTRIBUTION: "attribute",
        Decision.Kind.RANKED: "attribute" if rank == 1 else "rank",
        Decision.Kind.CONDITIONAL: "attribute_conditionally",
        Decision.Kind.NOT_ATTRIBUTED: "not_attribute",
        Decision.Kind.INADMISSIBLE: "declare_inadmissible",
    }[kind]


def _comment_for(*, kind, rank, missing_piece, deadline, reason) -> str:
    if kind == Decision.Kind.RANKED:
        return "Rang 1." if rank == 1 else f"Rang {rank}."
    if kind == Decision.Kind.CONDITIONAL:
        return f"Pièce à fournir : {missing_piece}, avant le {date_format(deadline, 'j F Y')}."
    return reason


_HOLDER_KINDS = (Decision.Kind.ATTRIBUTION, Decision.Kind.CONDITIONAL)
# The decisions that carry a motive (R441-3 d and e).
REFUSALS = (Decision.Kind.NOT_ATTRIBUTED, Decision.Kind.INADMISSIBLE)


def _checked_rank(*, kind: str, rank: int | None, session, offer) -> int | None:
    """The rank of a ranked decision (unique per offer in the session); None for the other kinds."""
    if kind not in Decision.Kind.values:
        raise CommissionError("Choisissez une décision de la liste.")
    if kind != Decision.Kind.RANKED:
        return None
    if not rank or rank < 1:
        raise CommissionError("Indiquez le rang du candidat (1, 2, 3…).")
    if Decision.objects.filter(session=session, offer=offer, rank=rank).exists():
        raise CommissionError(f"Un autre candidat est déjà classé au rang {rank} pour ce logement.")
    return rank


def _check_terms(
    *,
    kind: str,
    missing_piece: str,
    deadline: dt.date | None,
    reason: str,
    reason_category: str = "",
    rank: int | None = None,
    today: dt.date,
) -> None:
    """A suspensive condition names the missing piece and a deadline to come; a refusal (non-attribution,
    irrecevability) says why, with a category of logis.applications.reasons; no other decision takes a motive."""
    if kind == Decision.Kind.CONDITIONAL:
        if not missing_piece or deadline is None:
            raise CommissionError("Indiquez la pièce manquante et la date limite pour la fournir.")
        if deadline < today:
            raise CommissionError("La date limite pour fournir la pièce ne peut pas être passée.")
    refused = kind in REFUSALS
    if refused and not reason:
        raise CommissionError("Indiquez le motif de la décision : il est notifié au demandeur.")
    if not refused and (reason or reason_category):
        raise CommissionError(
            "Seules une non-attribution et une irrecevabilité portent un motif : videz le champ « Motif »."
        )
    if refused:
        try:
            reasons.check(_transition_for(kind, rank), reason_category)
        except reasons.InvalidReason as error:
            raise CommissionError(str(error)) from None


def _check_the_dwelling_is_free(*, session, offer) -> None:
    """One candidate gets the dwelling in a session: an attribution, a conditional one, or the first rank."""
    decisions = Decision.objects.filter(session=session, offer=offer)
    taken = decisions.filter(kind__in=_HOLDER_KINDS) | decisions.filter(kind=Decision.Kind.RANKED, rank=1)
    if taken.exists():
        raise CommissionError(
            "Le logement est déjà attribué à un autre candidat dans cette séance : classez ce candidat "
            "au rang suivant."
        )


@transaction.atomic
def decision_record(
    *,
    agenda_item: AgendaItem,
    kind: str,
    rank: int | None = None,
    missing_piece: str = "",
    deadline: dt.date | None = None,
    reason: str = "",
    reason_category: str = "",
    by,
    now: dt.datetime | None = None,
) -> Decision:
    """Record the commission's one decision on a candidate, and move the application accordingly.

    Who may decide is checked first, before anything is validated or written: an active commission member of the
    offer's landlord (the same role the transition table requires).
    A non-attribution and an irrecevability take a motive: its category (logis.applications.reasons) and its
    text, both notified to the applicant (R441-2-17). No other decision takes one.
    """
    now = now or timezone.now()
    item = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("agenda_offer__session", "agenda_offer__offer", "application__demand", "application__offer")
        .get(pk=agenda_item.pk)
    )
    if Role.COMMISSION not in application_roles(user=by, application=item.application):
        raise CommissionError("Seuls les membres de la CALEOL du bailleur prennent ses décisions.")
    entry = item.agenda_offer
    session = entry.session
    if Decision.objects.filter(agenda_item=item).exists():
        raise CommissionError("La commission a déjà pris une décision sur ce candidat.")
    if session.closed_at:
        raise CommissionError("Le procès-verbal de cette séance est arrêté.")
    missing_piece, reason = missing_piece.strip(), reason.strip()
    rank = _checked_rank(kind=kind, rank=rank, session=session, offer=entry.offer)
    _check_terms(
        kind=kind,
        missing_piece=missing_piece,
        deadline=deadline,
        reason=reason,
        reason_category=reason_category,
        rank=rank,
        today=timezone.localdate(now),
    )
    if kind in _HOLDER_KINDS or (kind == Decision.Kind.RANKED and rank == 1):
        _check_the_dwelling_is_free(session=session, offer=entry.offer)
    refused = kind in REFUSALS
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                agenda_item=item,
                application_id=item.application_id,
                offer=entry.offer,
                session=session,
                kind=kind,
                rank=rank,
                missing_piece=missing_piece if kind == Decision.Kind.CONDITIONAL else "",
                deadline=deadline if kind == Decision.Kind.CONDITIONAL else None,
                reason=reason,
                reason_category=reason_category if refused else "",
                decided_by=by,
                decided_at=now,
            )
    except IntegrityError:
        raise CommissionError("La commission a déjà pris une décision sur ce candidat.") from None
    try:
        application_transition(
            application=item.application,
            name=_transition_for(kind, rank),
            by=by,
            role=Role.COMMISSION,
            comment=_comment_for(kind=kind, rank=rank, missing_piece=missing_piece, deadline=deadline, reason=reason),
            reason_category=reason_category if refused else "",
            now=now,
        )
    except TransitionNotAllowed as error:
        raise CommissionError(error.message) from None
    return decision


@transaction.atomic
def session_close(*, session: CommissionSession, by, now: dt.datetime | None = None) -> CommissionSession:
    """Close the minutes: every candidate presented has its decision."""
    session = CommissionSession.objects.select_for_update().get(pk=session.pk)
    if not _is_member(by, session.landlord, Membership.Role.AGENT, Membership.Role.COMMISSION):
        raise CommissionError("Seuls le bailleur et les membres de sa CALEOL arrêtent le procès-verbal.")
    if session.closed_at:
        return session
    not_yet = close_refusal(session, now=now)
    if not_yet:
        raise CommissionError(not_yet)
    pending = pending_items(session)
    if pending:
        raise CommissionError(
            f"{plural(pending, 'candidat présenté')} {'attendent' if pending > 1 else 'attend'} encore "
            f"{'leur' if pending > 1 else 'sa'} décision."
        )
    session.closed_at = now or timezone.now()
    session.save(update_fields=["closed_at"])
    return session


def close_refusal(session, *, now: dt.datetime | None = None) -> str | None:
    """Why the minutes may not be closed yet on the calendar (None: the session's day has come).

    Minutes record what a sitting decided: they are closed on the day of the session or later, never before
    (issue #15: minutes were closed days before the session's date)."""
    held_on = timezone.localtime(session.held_at).date()
    if timezone.localdate(now or timezone.now()) < held_on:
        return (
            f"La séance du {date_format(held_on, 'l j F Y')} n'a pas encore eu lieu : le procès-verbal s'arrête "
            "le jour de la séance ou après, une fois chaque décision prise."
        )
    return None


def pending_items(session) -> int:
    """Candidates presented and still waiting for a decision (a file withdrawn meanwhile waits for none)."""
    return AgendaItem.objects.filter(
        agenda_offer__session=session, decision__isnull=True, application__state=State.IN_COMMISSION.value
    ).count()


@transaction.atomic
def agenda_withdraw(*, application: Application, by, now: dt.datetime | None = None) -> Application:
    """The agent takes a file off the agenda before the commission decides: it goes back to "validated"."""
    application = application_transition(
        application=application, name="unschedule", by=by, role=Role.LANDLORD_AGENT, now=now
    )
    AgendaItem.objects.filter(application=application, decision__isnull=True).delete()
    return application


def conditions_lapse(*, now: dt.datetime | None = None) -> list[Application]:
    """The scheduled job's second part: a suspensive condition whose deadline passed without the piece ends in
    non-attribution, and the dwelling passes to the next ranked candidate. Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Decision.objects.filter(
            kind=Decision.Kind.CONDITIONAL, deadline__lt=today, application__state=State.CONDITIONAL.value
        )
        .select_related("application")
        .order_by("deadline", "id")
    )
    lapsed = []
    for decision in list(due):
        try:
            application_transition(
                application=decision.application,
                name="condition_unmet",
                by=None,
                role=Role.SYSTEM,
                comment=(
                    f"La pièce « {decision.missing_piece} » n'a pas été fournie avant le "
                    f"{date_format(decision.deadline, 'j F Y')}."
                ),
                reason_category="missing_piece_deadline",
                now=now,
            )
        except TransitionNotAllowed:  # the agent lifted the condition in the meantime
            continue
        lapsed.append(decision.application)
    return lapsed
