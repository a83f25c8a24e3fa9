"""« Mon dossier locataire » (issue #19): the tenant file an applicant shares with one estate agency or private owner
at a time, by a link that expires and that they may revoke.

What it holds is built from what Logis already has — identity, employment and employer, income, household size —
with the pieces uploaded (identity, employment, payslips, tax notice) and the guarantee (a Visale visa number or a
guarantor's pieces). It never holds anything about disability, domestic violence (the income exception of the
demand), the support cases or the cotation: `tenant_file_of` reads an explicit list of fields, nothing else.

Every opening (the page, a piece) is logged (TenantFileOpening, shown to the applicant) and audited as a sensitive
read; the page and the pieces carry a watermark naming the recipient.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from logis.applications.models import Application
from logis.documents.checklist import KIND_LABELS, Kind, french_date
from logis.documents.models import PieceFile, TenantFile, TenantFileOpening, TenantFileShare
from logis.notifications.email import send_email_on_commit
from logis.organizations.models import PRIVATE_LESSOR_KINDS, Membership, Organization
from logis.rules import private_letting

# The pieces the tenant file shows, in this order.
TENANT_FILE_KINDS = (Kind.IDENTITY, Kind.EMPLOYMENT, Kind.PAYSLIPS, Kind.TAX_NOTICE, Kind.GUARANTOR)


class TenantFileError(Exception):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- who may receive the file --------------------------------------------------------------------------------


def possible_recipients(demand):
    """The estate agencies (checked by an advisor) and private owners whose offers the applicant follows: the file
    goes to someone the applicant chose among the homes they applied to, never to anyone else."""
    landlord_ids = Application.objects.active().filter(demand=demand, channel="private").values("offer__landlord_id")
    return Organization.objects.filter(
        pk__in=landlord_ids, kind__in=PRIVATE_LESSOR_KINDS, awaiting_verification=False
    ).order_by("name")


def recipient_members(user):
    """The private lessors where `user` is an active agent (a checked agency, or a private owner)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        kind__in=PRIVATE_LESSOR_KINDS,
        awaiting_verification=False,
        memberships__user=user,
        memberships__is_active=True,
        memberships__role=Membership.Role.AGENT,
    )


# --- the applicant's side ------------------------------------------------------------------------------------


@transaction.atomic
def tenant_file_update(*, demand, visale_visa: str, guarantor_name: str, by, now: dt.datetime | None = None):
    if by.pk != demand.owner_id:
        raise PermissionError("Only the applicant edits their tenant file.")
    now = now or timezone.now()
    file, _created = TenantFile.objects.update_or_create(
        demand=demand,
        defaults={
            "visale_visa": visale_visa.strip().upper(),
            "guarantor_name": guarantor_name.strip(),
            "updated_at": now,
        },
    )
    return file


@dataclass(frozen=True)
class NewShare:
    share: TenantFileShare
    token: str  # shown once, in the link e-mailed to the recipient and on the applicant's page

    @property
    def path(self) -> str:
        return reverse("tenant_files:shared", args=[self.token])


@transaction.atomic
def tenant_file_share(
    *, demand, organization: Organization, days: int | None = None, by, now: dt.datetime | None = None
) -> NewShare:
    """Share the tenant file with `organization` for `days` days: the share in force, if any, is revoked first (one
    recipient at a time). The recipient's members receive the link by e-mail."""
    if by.pk != demand.owner_id:
        raise PermissionError("Only the applicant shares their tenant file.")
    now = now or timezone.now()
    if not possible_recipients(demand).filter(pk=organization.pk).exists():
        raise TenantFileError(
            "Vous ne pouvez partager votre dossier qu'avec une agence ou un propriétaire dont vous suivez une offre.",
            code="not_a_recipient",
        )
    try:
        days = private_letting.share_days(days)
    except ValueError as error:
        raise TenantFileError(str(error), code="days") from None
    TenantFileShare.objects.select_for_update().filter(demand=demand, revoked_at__isnull=True).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    share = TenantFileShare.objects.create(
        demand=demand,
        organization=organization,
        token_hash=_hash(token),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    link = settings.SITE_URL.rstrip("/") + reverse("tenant_files:shared", args=[token])
    for member in Membership.objects.filter(
        organization=organization, is_active=True, role=Membership.Role.AGENT
    ).select_related("user"):
        send_email_on_commit(
            "tenant_file_shared",
            to=member.user.email,
            user=member.user,
            key=f"tenant_file_shared:{share.pk}",
            context={
                "applicant": demand.owner.get_full_name() or "Un candidat",
                "organization": organization.name,
                "link": link,
                "expires_on": french_date(timezone.localdate(share.expires_at)),
            },
        )
    return NewShare(share=share, token=token)


@transaction.atomic
def tenant_file_revoke(*, share: TenantFileShare, by, now: dt.datetime | None = None) -> TenantFileShare:
    share = TenantFileShare.objects.select_for_update().get(pk=share.pk)
    if by.pk != share.demand.owner_id:
        raise PermissionError("Only the applicant revokes their tenant file's link.")
    if share.revoked_at is None:
        share.revoked_at = now or timezone.now()
        share.save(update_fields=["revoked_at"])
    return share


# --- the recipient's side ------------------------------------------------------------------------------------


def share_for_token(token: str, *, user, now: dt.datetime) -> TenantFileShare:
    """The share a link carries, for a member of its recipient; TenantFileError (nothing of the file) otherwise."""
    share = (
        TenantFileShare.objects.filter(token_hash=_hash(token or ""))
        .select_related("demand__owner", "organization")
        .first()
    )
    return _check_share(share, user=user, now=now)


def share_for_recipient(pk: int, *, user, now: dt.datetime) -> TenantFileShare:
    """A share of the recipient's workspace (its candidates page links it by number)."""
    share = (
        TenantFileShare.objects.filter(pk=pk, organization__in=recipient_members(user))
        .select_related("demand__owner", "organization")
        .first()
    )
    return _check_share(share, user=user, now=now)


def _check_share(share, *, user, now) -> TenantFileShare:
    if share is None:
        raise TenantFileError(
            "Ce lien de dossier locataire n'existe pas : copiez le lien complet depuis l'e-mail reçu.", code="unknown"
        )
    if not recipient_members(user).filter(pk=share.organization_id).exists():
        raise TenantFileError(
            "Ce dossier locataire a été partagé avec une autre agence ou un autre propriétaire : il ne s'ouvre que "
            "pour ses destinataires. Si quelqu'un vous a transféré ce lien, demandez au candidat de vous partager "
            "son dossier.",
            code="not_recipient",
        )
    if share.revoked_at is not None:
        raise TenantFileError(
            "Le candidat a retiré ce partage : son dossier n'est plus accessible. Il peut vous le partager à nouveau.",
            code="revoked",
        )
    if share.expires_at <= now:
        raise TenantFileError(
            f"Ce lien a expiré le {french_date(timezone.localdate(share.expires_at))} : demandez au candidat de "
            "vous partager à nouveau son dossier.",
            code="expired",
        )
    return share


def opening_record(*, share: TenantFileShare, user, what: str, now: dt.datetime) -> TenantFileOpening:
    return TenantFileOpening.objects.create(
        share=share,
        by=user,
        by_label=f"{user.get_full_name() or user.email} ({share.organization.name})",
        what=what,
        at=now,
    )


def watermark_line(*, share: TenantFileShare, user, day: dt.date) -> str:
    return (
        f"Dossier locataire transmis à {share.organization.name} — ouvert par {user.get_full_name() or user.email} "
        f"le {french_date(day)} — toute autre utilisation est interdite"
    )


# --- what the file shows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SharedPiece:
    kind: str
    label: str
    files: tuple  # PieceFile rows, downloadable
    expires_on: dt.date | None


@dataclass(frozen=True)
class TenantFileView:
    full_name: str
    email: str
    household_size: int
    employer: str
    employment_start: dt.date | None
    monthly_resources: int
    reference_income: int
    visale_visa: str
    guarantor_name: str
    pieces: tuple[SharedPiece, ...]

    @property
    def guarantee_label(self) -> str:
        if self.visale_visa:
            return f"Garantie Visale, visa n° {self.visale_visa}"
        if self.guarantor_name:
            return f"Garant : {self.guarantor_name}"
        return "Aucune garantie indiquée"


def tenant_file_of(demand) -> TenantFileView:
    """The tenant file of `demand`: an explicit list of fields (never the income exception, the household's members,
    the accessibility need, the support cases or the cotation)."""
    extra = TenantFile.objects.filter(demand=demand).first()
    files = (
        PieceFile.objects.filter(
            version__piece__demand=demand,
            version__piece__kind__in=[kind.value for kind in TENANT_FILE_KINDS],
            version__superseded_at=None,
            erased_at=None,
            scan=PieceFile.Scan.CLEAN,
        )
        .select_related("version__piece")
        .order_by("version__piece__kind", "version__piece__holder", "position")
    )
    by_piece: dict[int, list] = {}
    pieces = {}
    for piece_file in files:
        piece = piece_file.version.piece
        by_piece.setdefault(piece.pk, []).append(piece_file)
        pieces[piece.pk] = (piece, piece_file.version)
    order = {kind.value: index for index, kind in enumerate(TENANT_FILE_KINDS)}
    shared = sorted(
        (
            SharedPiece(
                kind=piece.kind,
                label=piece.label if piece.kind != Kind.TAX_NOTICE else KIND_LABELS[Kind.TAX_NOTICE],
                files=tuple(by_piece[pk]),
                expires_on=version.expires_on,
            )
            for pk, (piece, version) in pieces.items()
        ),
        key=lambda item: order[item.kind],
    )
    owner = demand.owner
    return TenantFileView(
        full_name=owner.get_full_name() or owner.email,
        email=owner.email,
        household_size=demand.household_size,
        employer=demand.employer.name if demand.employer_id else demand.employer_name,
        employment_start=demand.employment_start,
        monthly_resources=demand.monthly_resources,
        reference_income=demand.reference_income,
        visale_visa=extra.visale_visa if extra else "",
        guarantor_name=extra.guarantor_name if extra else "",
        pieces=tuple(shared),
    )


def shared_piece_file(share: TenantFileShare, pk: int):
    """A file of the shared tenant file (a piece of one of TENANT_FILE_KINDS of the demand), or None."""
    return (
        PieceFile.objects.filter(
            pk=pk,
            version__piece__demand_id=share.demand_id,
            version__piece__kind__in=[kind.value for kind in TENANT_FILE_KINDS],
            version__superseded_at=None,
            erased_at=None,
            scan=PieceFile.Scan.CLEAN,
        )
        .select_related("version__piece")
        .first()
    )


def current_share(demand, *, now: dt.datetime) -> TenantFileShare | None:
    return TenantFileShare.objects.valid(now).filter(demand=demand).select_related("organization").first()


def openings_of(demand):
    return TenantFileOpening.objects.filter(share__demand=demand).select_related("share__organization")


def shared_with(organization, *, now: dt.datetime) -> dict[int, TenantFileShare]:
    """{demand id: share in force} of the files shared with `organization` (its candidates page)."""
    return {share.demand_id: share for share in TenantFileShare.objects.valid(now).filter(organization=organization)}
