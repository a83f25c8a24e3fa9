"""What the applicant's file must hold at each stage, and what is present, missing or expired (pure module).

Stdlib and the pure rules only: the documents app builds the inputs (the adults of the household, the pieces
uploaded) from the database and passes `today`; this module reads no clock, no settings and no database.

Stages are cumulative: the landlord's validation needs what applying needed, plus its own pieces, and so on.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from logis.rules.income import exception_choices


class Stage(StrEnum):
    APPLY = "apply"
    LANDLORD = "landlord"
    CALEOL = "caleol"
    LEASE = "lease"


STAGE_LABELS = {
    # Not required to apply (an offer is open to the first candidates, and one application at a time): the pieces
    # the landlord examines first, to send with the application (issue #15).
    Stage.APPLY: "Avec votre candidature",
    Stage.LANDLORD: "Pour la validation du dossier par le bailleur",
    Stage.CALEOL: "Pour la commission d'attribution (CALEOL)",
    Stage.LEASE: "Pour la signature du bail",
}


class Kind(StrEnum):
    IDENTITY = "identity"
    TAX_NOTICE = "tax_notice"
    EMPLOYMENT = "employment"
    PAYSLIPS = "payslips"
    BANK_DETAILS = "bank_details"
    LEASE_PROMISE = "lease_promise"
    # Asked by aid and loan requests (logis.aids), not by the stages of an application.
    LEASE = "lease"
    WORKS_PERMIT = "works_permit"
    # Asked by « Mon dossier locataire » for a private letting (issue #19), not by the stages of an application.
    GUARANTOR = "guarantor"
    # Asked when the applicant declares a situation in which only their own income counts (divorce, end of a PACS,
    # widowhood, violence within the couple): the piece that proves it (logis.rules.income).
    INCOME_EXCEPTION = "income_exception"


KIND_LABELS = {
    Kind.IDENTITY: "Pièce d'identité",
    Kind.TAX_NOTICE: "Avis d'imposition",
    Kind.EMPLOYMENT: "Attestation d'employeur ou contrat de travail",
    Kind.PAYSLIPS: "Bulletins de salaire récents",
    Kind.BANK_DETAILS: "Relevé d'identité bancaire (RIB)",
    Kind.LEASE_PROMISE: "Promesse de bail",
    Kind.LEASE: "Bail ou engagement de location",
    Kind.WORKS_PERMIT: "Permis de construire ou déclaration préalable de travaux",
    Kind.GUARANTOR: "Pièces du garant",
    # A neutral name: it appears in the access log and in e-mails, where the situation itself must not.
    Kind.INCOME_EXCEPTION: "Justificatif de situation familiale",
}

# What to upload, said plainly (shown beside a missing piece and on the upload page).
KIND_INSTRUCTIONS = {
    Kind.IDENTITY: (
        "Votre carte nationale d'identité (recto et verso), votre passeport (page avec la photo) ou votre titre "
        "de séjour (recto et verso), en cours de validité. Indiquez sa date de fin de validité."
    ),
    Kind.TAX_NOTICE: (
        "L'avis d'imposition (ou de non-imposition) reçu l'an dernier, sur les revenus de l'avant-dernière année "
        "(revenus N-2), toutes les pages."
    ),
    Kind.EMPLOYMENT: (
        "Une attestation de votre employeur datée de moins de trois mois ou, à défaut, votre contrat de travail."
    ),
    Kind.PAYSLIPS: "Vos trois derniers bulletins de salaire (un fichier par bulletin, ou un seul PDF).",
    Kind.BANK_DETAILS: "Le RIB du compte qui paiera le loyer ; saisissez aussi son IBAN.",
    Kind.LEASE_PROMISE: "La promesse de bail que le bailleur vous a remise après la décision de la commission.",
    Kind.LEASE: (
        "Votre bail signé (toutes les pages) ou l'engagement de location du bailleur, avec le montant du dépôt de "
        "garantie et la date d'entrée dans le logement."
    ),
    Kind.WORKS_PERMIT: (
        "L'arrêté de permis de construire ou la non-opposition à votre déclaration préalable de travaux."
    ),
    Kind.GUARANTOR: (
        "Pour un garant qui se porte caution : sa pièce d'identité, un justificatif de domicile et ses trois "
        "derniers bulletins de salaire ou son dernier avis d'imposition (un seul PDF ou plusieurs fichiers)."
    ),
    Kind.INCOME_EXCEPTION: (
        "La pièce qui prouve la situation déclarée dans « Ressources : situation particulière ». Tant qu'elle "
        "manque, les revenus de tout le foyer comptent."
    ),
}

IDENTITY_VARIANTS = {
    "cni": "Carte nationale d'identité",
    "passport": "Passeport",
    "residence_permit": "Titre de séjour",
}
EMPLOYMENT_VARIANTS = {
    "certificate": "Attestation d'employeur",
    "contract": "Contrat de travail",
}
# The situation a proof is for: set from the applicant's declaration, never chosen on the upload form.
INCOME_EXCEPTION_VARIANTS = dict(exception_choices())
VARIANTS = {
    Kind.IDENTITY: IDENTITY_VARIANTS,
    Kind.EMPLOYMENT: EMPLOYMENT_VARIANTS,
    Kind.INCOME_EXCEPTION: INCOME_EXCEPTION_VARIANTS,
}
# Kinds whose variant the service sets itself (the upload form does not ask it).
VARIANT_FROM_DEMAND = frozenset({Kind.INCOME_EXCEPTION})

# New pieces asked at each stage (the stage also needs those of the stages before it).
STAGE_KINDS = {
    Stage.APPLY: (Kind.IDENTITY, Kind.TAX_NOTICE),
    Stage.LANDLORD: (Kind.EMPLOYMENT, Kind.PAYSLIPS),
    Stage.CALEOL: (Kind.BANK_DETAILS,),
    Stage.LEASE: (Kind.LEASE_PROMISE,),
}

# Payslips older than this are no longer "recent" (operational choice: the three last months).
PAYSLIPS_FRESH_DAYS = 92
ADULT_AGE = 18
APPLICANT_HOLDER = "demandeur"

# The next stage of the file for an application in a given state ("none" = no application in progress).
# An unknown state in progress (the workflow may grow) asks for the whole file.
_NEXT_STAGE = {"": Stage.APPLY, "submitted": Stage.LANDLORD, "validated": Stage.CALEOL, "in_commission": Stage.LEASE}


class Status(StrEnum):
    PRESENT = "present"
    MISSING = "missing"
    EXPIRED = "expired"
    CHECKING = "checking"  # a file waits in quarantine for the antivirus


STATUS_LABELS = {
    Status.PRESENT: "Fournie",
    Status.MISSING: "À fournir",
    Status.EXPIRED: "À renouveler",
    Status.CHECKING: "En cours de vérification",
}


@dataclass(frozen=True)
class Adult:
    key: str
    label: str


@dataclass(frozen=True)
class Uploaded:
    """The current version of a piece, as the checklist needs it."""

    kind: str
    holder: str
    variant: str
    expires_on: dt.date | None
    uploaded_on: dt.date
    piece_id: int
    checking: bool = False  # some file is not scanned yet (antivirus unreachable at upload)


@dataclass(frozen=True)
class Item:
    stage: Stage
    kind: Kind
    holder: str
    holder_label: str
    label: str
    status: Status
    message: str
    piece_id: int | None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def french_date(day: dt.date) -> str:
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS[day.month - 1]} {day.year}"


def next_stage(application_state: str | None) -> Stage:
    """The stage the file must be ready for next, from the state of the application in progress (or None)."""
    return _NEXT_STAGE.get(application_state or "", Stage.LEASE)


def stages_up_to(stage: Stage) -> list[Stage]:
    order = list(Stage)
    return order[: order.index(stage) + 1]


def holder_key(first_name: str, last_name: str, birth_date: str) -> str:
    """A stable key for a person of the household (ASCII, lower case): name and birth date."""
    text = unicodedata.normalize("NFKD", f"{first_name}-{last_name}-{birth_date}")
    text = text.encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:120]


def _age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def adults_of(snapshot: dict, *, today: dt.date, applicant_label: str = "") -> list[Adult]:
    """The applicant, then every other person of the household aged 18 or more (read in the register snapshot)."""
    name = f"{snapshot.get('first_name', '')} {snapshot.get('last_name', '')}".strip()
    adults = [Adult(APPLICANT_HOLDER, name or applicant_label or "Titulaire de la demande")]
    for member in snapshot.get("members", []):
        try:
            birth = dt.date.fromisoformat(member.get("birth_date") or "")
        except ValueError:
            continue
        if _age_on(birth, today) >= ADULT_AGE:
            first, last = member.get("first_name", ""), member.get("last_name", "")
            adults.append(Adult(holder_key(first, last, birth.isoformat()), f"{first} {last}".strip()))
    return adults


def requirements(stage: Stage, adults: list[Adult], *, income_exception: str = "") -> list[tuple[Kind, str, str]]:
    """(kind, holder, holder label) of the pieces this stage itself adds; with a situation declared on the
    resources (`income_exception`), its proof goes with the first pieces."""
    needed = []
    for kind in STAGE_KINDS[stage]:
        if kind == Kind.TAX_NOTICE:
            needed += [(kind, adult.key, adult.label) for adult in adults]
        else:
            needed.append((kind, "", ""))
    if stage == Stage.APPLY and income_exception:
        needed.append((Kind.INCOME_EXCEPTION, "", ""))
    return needed


def _label(kind: Kind, holder_label: str) -> str:
    if kind == Kind.TAX_NOTICE and holder_label:
        return f"Avis d'imposition de {holder_label}"
    return KIND_LABELS[kind]


def _status(kind: Kind, uploaded: Uploaded | None, today: dt.date, income_exception: str = "") -> tuple[Status, str]:
    if uploaded is None:
        return Status.MISSING, KIND_INSTRUCTIONS[kind]
    if kind == Kind.INCOME_EXCEPTION and uploaded.variant != income_exception:
        return (
            Status.MISSING,
            "La pièce déposée concerne une autre situation que celle que vous avez déclarée : déposez celle qui "
            "prouve votre situation actuelle. Tant qu'elle manque, les revenus de tout le foyer comptent.",
        )
    if uploaded.checking:
        return (
            Status.CHECKING,
            f"Déposée le {french_date(uploaded.uploaded_on)}, en cours de vérification par l'antivirus : elle sera "
            "transmise dès la fin du contrôle. Rien à faire de votre côté ; si elle devait être refusée, vous "
            "recevrez un courriel.",
        )
    if kind == Kind.IDENTITY and uploaded.expires_on and uploaded.expires_on < today:
        what = IDENTITY_VARIANTS.get(uploaded.variant, "pièce d'identité").lower()
        advice = (
            "téléversez le titre renouvelé ou le récépissé de votre demande de renouvellement."
            if uploaded.variant == "residence_permit"
            else "téléversez une pièce d'identité en cours de validité."
        )
        return Status.EXPIRED, f"Votre {what} a expiré le {french_date(uploaded.expires_on)} : {advice}"
    if kind == Kind.PAYSLIPS and (today - uploaded.uploaded_on).days > PAYSLIPS_FRESH_DAYS:
        return (
            Status.EXPIRED,
            f"Vos bulletins de salaire ont été déposés le {french_date(uploaded.uploaded_on)}, il y a plus de trois "
            "mois : téléversez les trois derniers.",
        )
    if kind == Kind.IDENTITY and uploaded.expires_on:
        return Status.PRESENT, f"Valable jusqu'au {french_date(uploaded.expires_on)}."
    return Status.PRESENT, f"Déposée le {french_date(uploaded.uploaded_on)}."


def checklist(
    stage: Stage, adults: list[Adult], uploaded: list[Uploaded], today: dt.date, *, income_exception: str = ""
) -> list[Item]:
    """Every piece of this stage and the stages before it, with its status and what to do; `income_exception`:
    the situation declared on the resources (its proof is asked), or ""."""
    by_slot = {(u.kind, u.holder): u for u in uploaded}
    items = []
    for step in stages_up_to(stage):
        for kind, holder, holder_label in requirements(step, adults, income_exception=income_exception):
            current = by_slot.get((kind.value, holder))
            status, message = _status(kind, current, today, income_exception)
            items.append(
                Item(
                    stage=step,
                    kind=kind,
                    holder=holder,
                    holder_label=holder_label,
                    label=_label(kind, holder_label),
                    status=status,
                    message=message,
                    piece_id=current.piece_id if current else None,
                )
            )
    return items


def is_complete(items: list[Item]) -> bool:
    return all(item.status == Status.PRESENT for item in items)
