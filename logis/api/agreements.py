"""The employer's requests for agreement: list the pending ones, read one, answer — what the HR pages show."""

from ninja import Query, Router

from logis.api.auth import require, scoped
from logis.api.pagination import DEFAULT_LIMIT, MAX_LIMIT, page_by_pk
from logis.api.problems import Problem
from logis.api.schemas import ERRORS, AgreementOut, AgreementPage, DecisionIn
from logis.audit.services import Purpose, Role, record_read, record_reads
from logis.employers import selectors
from logis.employers.models import Agreement
from logis.employers.services import EmployerError, agreement_decide

router = Router(tags=["Accords des employeurs"])


def agreement_out(agreement: Agreement) -> dict:
    owner = agreement.demand.owner
    return {
        "id": agreement.pk,
        "status": agreement.status,
        "status_label": agreement.get_status_display(),
        "employee_first_name": owner.first_name,
        "employee_last_name": owner.last_name,
        "employee_email": owner.email,
        "matricule": agreement.demand.matricule or "",
        "employment_start": agreement.demand.employment_start,
        "requested_at": agreement.requested_at,
        "decided_at": agreement.decided_at,
        "reason": agreement.reason,
        "staff_category": agreement.staff_category,
    }


WHAT = "API, clé « {name} » : demande d'accord à l'employeur (identité, matricule, date d'entrée)"


@router.get(
    "/agreements",
    response={200: AgreementPage, **ERRORS},
    auth=scoped("agreements:read"),
    summary="Lister les demandes d'accord de vos salariés",
)
def list_agreements(
    request,
    status: Agreement.Status | None = Query(None, description="pending (par défaut : toutes), given, refused"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
):
    key = require(request, "agreements:read")
    agreements = selectors.employer_agreements(key.organization)
    if status:
        agreements = agreements.filter(status=status)
    rows, next_cursor = page_by_pk(agreements, cursor=cursor, limit=limit)
    if rows:
        record_reads(
            key.created_by,
            subjects=[agreement.demand for agreement in rows],
            what=WHAT.format(name=key.name),
            purpose=Purpose.EMPLOYER_AGREEMENT,
            role=Role.HR,
            organization=key.organization,
        )
    return {"items": [agreement_out(a) for a in rows], "next_cursor": next_cursor}


def _agreement(key, agreement_id: int) -> Agreement:
    agreement = selectors.employer_agreements(key.organization).filter(pk=agreement_id).first()
    if agreement is None:
        raise Problem(404, f"Aucune demande d'accord n° {agreement_id} pour votre organisation.")
    return agreement


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementOut, **ERRORS},
    auth=scoped("agreements:read"),
    summary="Lire une demande d'accord",
)
def get_agreement(request, agreement_id: int):
    key = require(request, "agreements:read")
    agreement = _agreement(key, agreement_id)
    record_read(
        key.created_by,
        subject=agreement.demand,
        what=WHAT.format(name=key.name),
        purpose=Purpose.EMPLOYER_AGREEMENT,
        role=Role.HR,
        organization=key.organization,
    )
    return agreement_out(agreement)


@router.post(
    "/agreements/{agreement_id}/decision",
    response={200: AgreementOut, **ERRORS},
    auth=scoped("agreements:write"),
    summary="Donner ou refuser l'accord",
)
def decide(request, agreement_id: int, payload: DecisionIn):
    key = require(request, "agreements:write")
    agreement = _agreement(key, agreement_id)
    try:
        agreement_decide(
            agreement=agreement,
            given=payload.decision == "given",
            reason=payload.reason,
            staff_category=payload.staff_category,
            by=key.created_by,
        )
    except EmployerError as error:
        raise Problem(409, error.message, code="refus") from error
    except PermissionError as error:
        raise Problem(404, f"Aucune demande d'accord n° {agreement_id} pour votre organisation.") from error
    return agreement_out(_agreement(key, agreement_id))
