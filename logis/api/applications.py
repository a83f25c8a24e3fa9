"""Applications to a landlord's offers: what the landlord's pages show (state, rank, score breakdown), and the
landlord's transitions through the same services and transition table as the pages."""

import datetime as dt

from django.utils import timezone
from ninja import Query, Router

from logis.api.auth import require, scoped
from logis.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_by_pk, page_of_list
from logis.api.problems import Problem
from logis.api.schemas import (
    ERRORS,
    AgendaIn,
    ApplicationDetailOut,
    ApplicationOut,
    ApplicationPage,
    LeaseIn,
    SessionOut,
    TransitionIn,
    VisitIn,
)
from logis.applications import reasons
from logis.applications.models import Application, TransitionLog
from logis.applications.reasons import InvalidReason
from logis.applications.services import application_transition
from logis.applications.workflow import ACTIVE_STATES, Role, State, TransitionNotAllowed, available
from logis.audit.services import Purpose, record_read, record_reads
from logis.commission.models import CommissionSession
from logis.commission.services import CommissionError, agenda_add, agenda_withdraw
from logis.landlords.services import WorkspaceError, lease_sign, visit_schedule
from logis.scoring.services import rank_applications

router = Router(tags=["Candidatures (bailleurs)"])

# The landlord's actions of the transition table that the API applies with POST …/transitions; the CALEOL
# agenda, the visit and the lease have their own operations (they carry more than a comment).
TRANSITION_ACTIONS = ("validate", "set_aside", "unschedule", "lift_condition", "condition_unmet", "make_offer")
STATES = tuple(state.value for state in State)


def landlord_applications(request):
    return Application.objects.filter(offer__landlord=request.auth.organization).select_related(
        "demand__owner", "offer__commune"
    )


def _ranks(offers) -> dict[int, tuple[int, int, object]]:
    """application id -> (rank, count, ScoreResult) for the active applications of `offers`."""
    ranks = {}
    for offer in offers:
        for item in rank_applications(offer):
            ranks[item.application.pk] = (item.rank, item.count, item.score)
    return ranks


def _actions(application: Application) -> list[str]:
    return [t.name for t in available(application.state, Role.LANDLORD_AGENT, application.channel)] + (
        ["agenda"] if application.state == State.VALIDATED.value else []
    )


def application_out(application: Application, ranks: dict) -> dict:
    rank, count, score = ranks.get(application.pk, (None, None, None))
    owner = application.demand.owner
    return {
        "id": application.pk,
        "offer_id": application.offer_id,
        "offer_reference": application.offer.reference,
        "state": application.state,
        "state_label": application.state_label,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "applicant": {
            "first_name": owner.first_name,
            "last_name": owner.last_name,
            "numero_unique": application.demand.numero_unique,
        },
        "rank": rank,
        "ranked_count": count,
        "score": None
        if score is None
        else {
            "total": score.total,
            "grid_version": score.grid_version,
            "breakdown": [line._asdict() for line in score.breakdown],
        },
        "actions": _actions(application),
    }


def _audit(request, applications: list[Application]) -> None:
    key = request.auth
    if applications:
        record_reads(
            key.created_by,
            subjects=[application.demand for application in applications],
            applications=applications,
            what=lambda demand, application: (
                f"API, clé « {key.name} » : candidature n° {application.pk}, rang et détail de la cotation"
            ),
            purpose=Purpose.INSTRUCTION,
            role=Role.LANDLORD_AGENT,
            organization=key.organization,
        )


@router.get(
    "/applications",
    response={200: ApplicationPage, **ERRORS},
    auth=scoped("applications:read"),
    summary="Lister les candidatures à vos offres",
)
def list_applications(
    request,
    state: str | None = Query(None, max_length=20, description="Une étape : " + ", ".join(STATES)),
    offer_id: int | None = Query(None, ge=1),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    require(request, "applications:read")
    applications = landlord_applications(request)
    if state:
        if state not in STATES:
            raise Problem(400, f"Étape inconnue « {state} » : choisissez parmi {', '.join(STATES)}.", code="etape")
        applications = applications.filter(state=state)
    if offer_id:
        applications = applications.filter(offer_id=offer_id)
    rows, next_cursor = page_by_pk(applications, cursor=cursor, limit=limit)
    active = {a.offer_id: a.offer for a in rows if a.state in ACTIVE_STATES}
    ranks = _ranks(active.values())
    _audit(request, rows)
    return {"items": [application_out(a, ranks) for a in rows], "next_cursor": next_cursor}


@router.get(
    "/offers/{offer_id}/applications",
    response={200: ApplicationPage, **ERRORS},
    auth=scoped("applications:read"),
    summary="Le classement des candidatures en cours d'une offre (meilleur score d'abord)",
)
def offer_ranking(
    request,
    offer_id: int,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    require(request, "applications:read")
    offer = request.auth.organization.offers.select_related("commune").filter(pk=offer_id).first()
    if offer is None:
        raise Problem(404, f"Aucune offre n° {offer_id} de votre organisation.")
    ranked = rank_applications(offer)
    rows, next_cursor = page_of_list(ranked, cursor=cursor, limit=limit)
    ranks = {item.application.pk: (item.rank, item.count, item.score) for item in rows}
    applications = []
    for item in rows:
        item.application.offer = offer
        applications.append(item.application)
    _audit(request, applications)
    return {"items": [application_out(a, ranks) for a in applications], "next_cursor": next_cursor}


def _application(request, application_id: int) -> Application:
    application = landlord_applications(request).filter(pk=application_id).first()
    if application is None:
        raise Problem(404, f"Aucune candidature n° {application_id} à une offre de votre organisation.")
    return application


def _detail(request, application: Application) -> dict:
    ranks = _ranks([application.offer]) if application.state in ACTIVE_STATES else {}
    data = application_out(application, ranks)
    data["history"] = [
        {
            "transition": log.transition,
            "from_state": log.from_state,
            "to_state": log.to_state,
            "at": log.at,
            "comment": log.comment,
        }
        for log in TransitionLog.objects.filter(application=application).order_by("at", "pk")
    ]
    return data


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=scoped("applications:read"),
    summary="Lire une candidature",
)
def get_application(request, application_id: int):
    require(request, "applications:read")
    application = _application(request, application_id)
    key = request.auth
    record_read(
        key.created_by,
        subject=application.demand,
        what=f"API, clé « {key.name} » : candidature n° {application.pk}, cotation et historique",
        purpose=Purpose.INSTRUCTION,
        role=Role.LANDLORD_AGENT,
        organization=key.organization,
        application=application,
    )
    return _detail(request, application)


def _refused(error) -> Problem:
    return Problem(409, error.message, code="action-refusee")


@router.post(
    "/applications/{application_id}/transitions",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=scoped("applications:write"),
    summary="Appliquer une action du bailleur (table des transitions)",
)
def apply_transition(request, application_id: int, payload: TransitionIn):
    key = require(request, "applications:write")
    application = _application(request, application_id)
    try:
        if payload.action == "unschedule":
            agenda_withdraw(application=application, by=key.created_by)
        else:
            application_transition(
                application=application,
                name=payload.action,
                by=key.created_by,
                role=Role.LANDLORD_AGENT,
                comment=payload.comment,
                reason_category=payload.reason_category,
            )
    except InvalidReason as error:
        choices = ", ".join(code for code, _label in reasons.choices_for(payload.action)) or "aucune"
        raise Problem(
            422,
            f"{error} Catégories possibles pour « {payload.action} » : {choices}.",
            code="motif",
            errors=[{"champ": "reason_category", "message": str(error)}],
        ) from error
    except (TransitionNotAllowed, CommissionError, WorkspaceError) as error:
        raise _refused(error) from error
    return _detail(request, _application(request, application_id))


@router.get(
    "/sessions",
    response={200: list[SessionOut], **ERRORS},
    auth=scoped("applications:read"),
    summary="Les séances de CALEOL à venir de votre organisation",
)
def list_sessions(request):
    require(request, "applications:read")
    sessions = CommissionSession.objects.filter(landlord=request.auth.organization, closed_at__isnull=True)
    return [{"id": s.pk, "held_at": s.held_at, "place": s.place} for s in sessions.order_by("held_at", "pk")[:100]]


@router.post(
    "/offers/{offer_id}/agenda",
    response={200: list[ApplicationOut], **ERRORS},
    auth=scoped("applications:write"),
    summary="Inscrire des dossiers validés à l'ordre du jour d'une séance de CALEOL",
)
def schedule_for_commission(request, offer_id: int, payload: AgendaIn):
    key = require(request, "applications:write")
    organization = key.organization
    offer = organization.offers.select_related("commune").filter(pk=offer_id).first()
    if offer is None:
        raise Problem(404, f"Aucune offre n° {offer_id} de votre organisation.")
    session = CommissionSession.objects.filter(
        landlord=organization, closed_at__isnull=True, pk=payload.session_id
    ).first()
    if session is None:
        raise Problem(404, f"Aucune séance de CALEOL n° {payload.session_id} ouverte pour votre organisation.")
    ids = sorted(set(payload.application_ids))
    applications = list(landlord_applications(request).filter(offer=offer, pk__in=ids))
    if len(applications) != len(ids):
        missing = sorted(set(ids) - {a.pk for a in applications})
        raise Problem(
            404,
            f"{'Candidatures introuvables' if len(missing) > 1 else 'Candidature introuvable'} pour cette offre : "
            f"{', '.join(map(str, missing))}.",
        )
    try:
        agenda_add(
            session=session,
            offer=offer,
            applications=applications,
            fewer_reason=payload.fewer_reason,
            by=key.created_by,
        )
    except (CommissionError, TransitionNotAllowed) as error:
        raise _refused(error) from error
    refreshed = list(landlord_applications(request).filter(pk__in=ids).order_by("pk"))
    return [application_out(a, {}) for a in refreshed]


@router.post(
    "/applications/{application_id}/visit",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=scoped("applications:write"),
    summary="Programmer la visite",
)
def schedule_visit(request, application_id: int, payload: VisitIn):
    key = require(request, "applications:write")
    application = _application(request, application_id)
    if payload.at.tzinfo is None:
        raise Problem(
            422,
            "Indiquez le fuseau horaire de la visite, par exemple 2026-12-10T14:30:00+01:00.",
            code="donnees-invalides",
            errors=[{"champ": "at", "message": "Fuseau horaire manquant."}],
        )
    try:
        visit_schedule(application=application, at=payload.at, meeting_point=payload.meeting_point, by=key.created_by)
    except (TransitionNotAllowed, WorkspaceError) as error:
        raise _refused(error) from error
    return _detail(request, _application(request, application_id))


@router.post(
    "/applications/{application_id}/lease",
    response={200: ApplicationDetailOut, **ERRORS},
    auth=scoped("applications:write"),
    summary="Enregistrer le bail signé",
)
def record_lease(request, application_id: int, payload: LeaseIn):
    key = require(request, "applications:write")
    application = _application(request, application_id)
    if payload.signed_on > timezone.localdate() + dt.timedelta(days=1):
        raise Problem(
            422,
            "Enregistrez le bail une fois signé : la date de signature ne peut pas être à venir.",
            code="donnees-invalides",
            errors=[{"champ": "signed_on", "message": "Date à venir."}],
        )
    try:
        lease_sign(application=application, signed_on=payload.signed_on, by=key.created_by)
    except (TransitionNotAllowed, WorkspaceError) as error:
        raise _refused(error) from error
    return _detail(request, _application(request, application_id))
