"""Use cases of the aid requests: start (a draft), submit with the pieces of the file, decide, withdraw.

The pieces are those of the applicant's file (logis.documents: uploads checked by content, private storage,
access log); a request records which version of each it was sent with. A request missing a piece stays a draft:
nothing typed is lost. A Prêt Agrandissement waits for the employer's agreement (logis.employers, the same flow as
for the housing search). E-mails leave after the transaction commits.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logis.aids.models import AidRequest, AidRequestEvent, AidRequestPiece
from logis.aids.selectors import entry_for
from logis.documents.checklist import KIND_LABELS, Kind
from logis.documents.models import PieceVersion
from logis.employers.models import Agreement
from logis.employers.perms import is_advisor
from logis.employers.services import agreement_request
from logis.notifications.email import send_email_on_commit
from logis.rules.formatting import plural
from logis.rules.loan import LoanInputError, parse_decimal

MAX_AMOUNT = Decimal(100_000)


class AidRequestError(Exception):
    """A reason a use case cannot go on, worded for the person; `code` lets pages and tests tell them apart."""

    def __init__(self, message: str, *, code: str, missing: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.code = code
        self.missing = missing


def _event(request: AidRequest, *, status: str, by, now, note: str = "") -> None:
    AidRequestEvent.objects.create(request=request, at=now, status=status, by=by, note=note)


def current_pieces(demand) -> dict[str, PieceVersion]:
    """The current version of each kind of piece of the file (any holder for the tax notice)."""
    versions = (
        PieceVersion.objects.filter(piece__demand=demand, superseded_at=None)
        .select_related("piece")
        .order_by("piece__kind", "-uploaded_at")
    )
    found: dict[str, PieceVersion] = {}
    for version in versions:
        found.setdefault(version.piece.kind, version)
    return found


def missing_pieces(aid, demand) -> list[str]:
    present = current_pieces(demand)
    return [kind for kind in aid.pieces if kind not in present]


def _clean_amount(amount) -> Decimal | None:
    if amount in (None, ""):
        return None
    try:
        return parse_decimal(amount, "amount", "le montant demandé", minimum=Decimal(1), maximum=MAX_AMOUNT, unit="€")
    except LoanInputError as error:
        raise AidRequestError(error.message, code="amount") from None


@transaction.atomic
def aid_request_start(
    *, applicant, demand, aid: str, amount=None, details: dict | None = None, now: dt.datetime | None = None
) -> AidRequest:
    """A draft request (or the one already in progress for this aid: a double click makes one, not two)."""
    now = now or timezone.now()
    if demand is None or demand.owner_id != applicant.pk:
        raise AidRequestError(
            "Importez d'abord votre demande de logement social dans « Ma situation » : les pièces de votre dossier "
            "y sont rattachées.",
            code="no_demand",
        )
    entry = entry_for(aid, timezone.localdate(now))
    if entry is None or not entry.aid.requestable:
        raise AidRequestError("Cette aide ne se demande pas sur Logis.", code="not_requestable")
    if not entry.status.is_open:
        raise AidRequestError(
            f"{entry.aid.name} est {entry.status.label.lower()} : aucune demande n'est possible pour l'instant. "
            f"{entry.status.note}".strip(),
            code="not_open",
        )
    existing = AidRequest.objects.in_progress().filter(applicant=applicant, aid=aid).first()
    if existing is not None:
        return existing
    amount = _clean_amount(amount)
    try:
        with transaction.atomic():
            request = AidRequest.objects.create(
                applicant=applicant, demand=demand, aid=aid, amount=amount, details=details or {}, created_at=now
            )
    except IntegrityError:  # the same request made at the same moment in another tab
        return AidRequest.objects.in_progress().get(applicant=applicant, aid=aid)
    _event(request, status=AidRequest.Status.DRAFT, by=applicant, now=now, note="Demande commencée.")
    return request


def _locked(request: AidRequest) -> AidRequest:
    return AidRequest.objects.select_for_update(of=("self",)).select_related("demand", "applicant").get(pk=request.pk)


@transaction.atomic
def aid_request_update(*, request: AidRequest, by, amount=None, details: dict | None = None) -> AidRequest:
    request = _locked(request)
    if by.pk != request.applicant_id:
        raise PermissionError("Only the applicant changes their request.")
    if request.status != AidRequest.Status.DRAFT:
        raise AidRequestError("La demande est déjà envoyée : elle ne se modifie plus.", code="not_draft")
    request.amount = _clean_amount(amount)
    request.details = {**request.details, **(details or {})}
    request.save(update_fields=["amount", "details"])
    return request


@transaction.atomic
def aid_request_submit(*, request: AidRequest, by, now: dt.datetime | None = None, notify: bool = True) -> AidRequest:
    """Send the request to the advisors with its pieces; with a piece missing it stays a draft (AidRequestError)."""
    now = now or timezone.now()
    request = _locked(request)
    if by.pk != request.applicant_id:
        raise PermissionError("Only the applicant sends their request.")
    if request.status != AidRequest.Status.DRAFT:
        raise AidRequestError("Cette demande est déjà envoyée.", code="not_draft")
    entry = entry_for(request.aid, timezone.localdate(now))
    if not entry.status.is_open:
        raise AidRequestError(
            f"{entry.aid.name} est {entry.status.label.lower()} depuis le {entry.status.since} : votre demande est "
            "gardée en brouillon.",
            code="not_open",
        )
    missing = missing_pieces(entry.aid, request.demand)
    if missing:
        labels = tuple(KIND_LABELS[Kind(kind)] for kind in missing)
        raise AidRequestError(
            "Votre demande est gardée en brouillon : il manque "
            + ", ".join(f"« {label} »" for label in labels)
            + ". Déposez ces pièces, puis envoyez la demande.",
            code="missing_pieces",
            missing=labels,
        )
    present = current_pieces(request.demand)
    AidRequestPiece.objects.bulk_create(
        AidRequestPiece(request=request, version=present[kind], label=KIND_LABELS[Kind(kind)])
        for kind in entry.aid.pieces
    )
    request.submitted_at = now
    note = f"Demande envoyée aux conseillers Logis avec {plural(len(entry.aid.pieces), 'pièce')}."
    request.status = AidRequest.Status.SUBMITTED
    if entry.aid.needs_employer_agreement:
        agreement = agreement_request(demand=request.demand, now=now)
        if agreement is None:
            request.status = AidRequest.Status.AWAITING_EMPLOYER
            note += (
                " Elle attend l'accord de votre employeur : complétez « Les informations » (votre employeur) "
                "pour que l'accord lui soit demandé."
            )
        elif agreement.status != Agreement.Status.GIVEN:
            request.status = AidRequest.Status.AWAITING_EMPLOYER
            note += " Elle attend l'accord de votre employeur (demande d'accord envoyée)."
    request.save(update_fields=["status", "submitted_at"])
    _event(request, status=request.status, by=by, now=now, note=note)
    if notify:
        _notify(request, "aid_request_submitted")
    return request


def employer_agreement(request: AidRequest) -> Agreement | None:
    return Agreement.objects.filter(demand_id=request.demand_id).first()


@transaction.atomic
def aid_request_decide(
    *, request: AidRequest, granted: bool, reason: str, by, now: dt.datetime | None = None, notify: bool = True
) -> AidRequest:
    """An advisor grants or refuses; a refusal says why; the applicant is told by e-mail."""
    if not is_advisor(by):
        raise PermissionError("Only an advisor decides on an aid request.")
    now = now or timezone.now()
    request = _locked(request)
    if request.status not in (AidRequest.Status.SUBMITTED, AidRequest.Status.AWAITING_EMPLOYER):
        raise AidRequestError(
            "Cette demande a déjà reçu une réponse : rechargez la page pour la voir.", code="already_decided"
        )
    reason = (reason or "").strip()
    if not granted and not reason:
        raise AidRequestError(
            "Indiquez le motif du refus : la personne le lira et pourra y répondre.", code="reason_required"
        )
    if granted and request.status == AidRequest.Status.AWAITING_EMPLOYER:
        agreement = employer_agreement(request)
        if agreement is None or agreement.status != Agreement.Status.GIVEN:
            raise AidRequestError(
                "L'accord de l'employeur n'est pas encore donné : la demande ne peut pas être accordée avant.",
                code="agreement_pending",
            )
    request.status = AidRequest.Status.GRANTED if granted else AidRequest.Status.REFUSED
    request.reason = reason
    request.decided_at = now
    request.decided_by = by
    request.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    _event(request, status=request.status, by=by, now=now, note=reason)
    if notify:
        _notify(request, "aid_request_decided")
    return request


@transaction.atomic
def aid_request_withdraw(*, request: AidRequest, by, now: dt.datetime | None = None) -> AidRequest:
    now = now or timezone.now()
    request = _locked(request)
    if by.pk != request.applicant_id:
        raise PermissionError("Only the applicant withdraws their request.")
    if not request.in_progress:
        raise AidRequestError("Cette demande est déjà terminée.", code="finished")
    request.status = AidRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    _event(request, status=request.status, by=by, now=now, note="Demande retirée par vous.")
    return request


def _notify(request: AidRequest, template: str) -> None:
    applicant = request.applicant
    send_email_on_commit(
        template,
        to=applicant.email,
        context={
            "first_name": applicant.first_name,
            "aid": request.get_aid_display(),
            "status": request.get_status_display(),
            "granted": request.status == AidRequest.Status.GRANTED,
            "reason": request.reason,
            "link": settings.SITE_URL.rstrip("/") + reverse("aids:request", args=[request.pk]),
        },
    )
