"""Use cases of the applicant's file: upload, replace, delete a piece; log every access; erase at the end.

Files are written to the private storage under random names only after every file of the upload was accepted,
so a refusal stores nothing. Erasing a file from the storage happens after the transaction commits (a rollback
must not lose a file whose row survives).
"""

import datetime as dt
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from stdnum import iban as iban_check

from logis.applications.models import Application
from logis.audit.services import Purpose, record_read
from logis.core.text import plural
from logis.demands.models import Demand
from logis.demands.services import demand_record_income_exception_proof
from logis.documents import checklist
from logis.documents.antivirus import ScannerUnavailable, configured_scanner
from logis.documents.checklist import Kind
from logis.documents.models import DemandRetention, Piece, PieceFile, PieceVersion
from logis.documents.perms import Access
from logis.documents.storage import document_storage
from logis.documents.validation import MAX_FILES_PER_PIECE, CleanFile, UploadRefused, display_name, inspect_upload
from logis.notifications.email import send_email_on_commit

QUARANTINE = "quarantine"

# Files in the storage that no row references (an account deleted by a path that skipped the cleanup, a write
# whose transaction rolled back) are swept by the purge once they are this old: younger ones may belong to an
# upload whose transaction has not committed yet.
ORPHAN_GRACE = dt.timedelta(hours=6)


class DocumentError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes


def _erase_on_commit(names: list[str]) -> None:
    def erase():
        storage = document_storage()
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(erase)


def erase_file_after_delete(sender, instance: PieceFile, **kwargs) -> None:
    """post_delete of PieceFile (connected in effects.py): whatever deleted the row (the account's deletion through
    its demand, the admin, a purge), the stored file goes too once the deletion is committed."""
    _erase_on_commit([instance.storage_name])


def _random_name(clean: CleanFile) -> str:
    token = secrets.token_hex(16)
    if not clean.scanned:
        return f"{QUARANTINE}/{token}.{clean.extension}"
    return f"{token[:2]}/{token}.{clean.extension}"


def _released_name(quarantined: str) -> str:
    token = quarantined.rpartition("/")[2]
    return f"{token[:2]}/{token}"


def _check_owner(demand: Demand, by) -> None:
    if by is None or by.pk != demand.owner_id:
        raise DocumentError("Seul le titulaire de la demande peut modifier son dossier.")


def _holder_label(*, demand: Demand, kind: Kind, holder: str, today: dt.date) -> str:
    if kind != Kind.TAX_NOTICE:
        if holder:
            raise DocumentError("Cette pièce concerne tout le foyer.")
        return ""
    adults = checklist.adults_of(demand.snapshot or {}, today=today, applicant_label=demand.owner.get_full_name())
    for adult in adults:
        if adult.key == holder:
            return adult.label
    raise DocumentError("Cette personne ne fait pas partie des adultes du foyer déclarés dans votre demande.")


def clean_iban(value: str) -> str:
    compact = iban_check.compact(value or "")
    if not compact:
        raise DocumentError("Saisissez l'IBAN du compte, tel qu'il figure sur votre RIB.", field="iban")
    if not iban_check.is_valid(compact):
        raise DocumentError(
            "Cet IBAN n'est pas valide : vérifiez chaque caractère sur votre RIB (il commence par FR76 pour un "
            "compte en France et compte 27 caractères).",
            field="iban",
        )
    return compact


def _check_details(
    *, demand: Demand, kind: Kind, variant: str, expires_on: dt.date | None, iban: str
) -> tuple[str, str]:
    if kind in checklist.VARIANT_FROM_DEMAND:
        if not demand.income_exception:
            raise DocumentError(
                "Déclarez d'abord votre situation dans « Ressources : situation particulière » : la pièce la prouve."
            )
        variant = demand.income_exception
    variants = checklist.VARIANTS.get(kind, {})
    if variants and variant not in variants:
        raise DocumentError("Précisez de quel document il s'agit.", field="variant")
    if not variants:
        variant = ""
    if kind == Kind.IDENTITY and variant == "residence_permit" and expires_on is None:
        raise DocumentError(
            "Indiquez la date de fin de validité de votre titre de séjour (elle figure au recto).", field="expires_on"
        )
    return variant, clean_iban(iban) if kind == Kind.BANK_DETAILS else ""


@transaction.atomic
def piece_upload(
    *,
    demand: Demand,
    kind: str,
    holder: str = "",
    uploads: list[Upload],
    variant: str = "",
    expires_on: dt.date | None = None,
    iban: str = "",
    by,
    now: dt.datetime | None = None,
) -> PieceVersion:
    """Add a piece, or replace it (the previous version stays in the history; its files are erased).

    Raises DocumentError (a detail is wrong) or UploadRefused (a file is refused): nothing is stored then.
    """
    now = now or timezone.now()
    _check_owner(demand, by)
    try:
        kind = Kind(kind)
    except ValueError:
        raise DocumentError("Type de pièce inconnu.") from None
    holder_label = _holder_label(demand=demand, kind=kind, holder=holder, today=timezone.localdate(now))
    variant, iban = _check_details(demand=demand, kind=kind, variant=variant, expires_on=expires_on, iban=iban)
    if kind != Kind.IDENTITY:
        expires_on = None
    if not uploads:
        raise UploadRefused("Choisissez au moins un fichier.")
    if len(uploads) > MAX_FILES_PER_PIECE:
        raise UploadRefused(f"Envoyez au plus {MAX_FILES_PER_PIECE} fichiers pour une pièce.")
    scanner = configured_scanner()
    cleaned = [(upload, inspect_upload(upload.content, name=upload.name, scanner=scanner)) for upload in uploads]

    piece, _ = Piece.objects.select_for_update().get_or_create(
        demand=demand, kind=kind.value, holder=holder, defaults={"holder_label": holder_label, "created_at": now}
    )
    previous = list(piece.versions.filter(superseded_at=None))
    storage = document_storage()
    written: list[str] = []
    try:
        version = PieceVersion.objects.create(
            piece=piece, variant=variant, expires_on=expires_on, iban=iban, uploaded_by=by, uploaded_at=now
        )
        for position, (upload, clean) in enumerate(cleaned, start=1):
            name = storage.save(_random_name(clean), ContentFile(clean.content))
            written.append(name)
            PieceFile.objects.create(
                version=version,
                position=position,
                storage_name=name,
                original_name=display_name(upload.name),
                content_type=clean.content_type,
                size=len(clean.content),
                sha256=clean.sha256,
                page_count=clean.page_count,
                scan=PieceFile.Scan.CLEAN if clean.scanned else PieceFile.Scan.PENDING,
            )
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    old_files = PieceFile.objects.filter(version__in=previous, erased_at=None)
    _erase_on_commit(list(old_files.values_list("storage_name", flat=True)))
    old_files.update(erased_at=now)
    PieceVersion.objects.filter(pk__in=[v.pk for v in previous]).update(superseded_at=now)
    if piece.holder_label != holder_label:
        piece.holder_label = holder_label
        piece.save(update_fields=["holder_label"])
    if kind == Kind.INCOME_EXCEPTION:
        income_exception_proof_check(demand=demand)
    return version


def income_exception_proof_check(*, demand: Demand) -> bool:
    """Whether the file holds the proof of the situation the applicant declared on the resources: a current
    version for that very situation, every file of it cleared by the antivirus (none waiting, none refused).
    Recorded on the demand, where the rules read it; run whenever that piece or the declaration changes."""
    proven = bool(demand.income_exception) and (
        PieceVersion.objects.filter(
            piece__demand=demand,
            piece__kind=Kind.INCOME_EXCEPTION,
            superseded_at=None,
            variant=demand.income_exception,
            files__isnull=False,
        )
        .exclude(files__scan__in=[PieceFile.Scan.PENDING, PieceFile.Scan.INFECTED])
        .exists()
    )
    demand_record_income_exception_proof(demand=demand, proven=proven)
    return proven


# --- quarantine ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuarantineReport:
    clean: int = 0
    infected: int = 0
    waiting: int = 0
    unavailable: str = ""

    def __str__(self) -> str:
        text = f"{plural(self.clean, 'fichier sain libéré', 'fichiers sains libérés')}, "
        text += plural(self.infected, "fichier infecté effacé", "fichiers infectés effacés")
        if self.unavailable:
            waiting = plural(self.waiting, "fichier reste", "fichiers restent")
            text += f" ; antivirus injoignable, {waiting} en quarantaine ({self.unavailable})"
        return text + "."


def quarantine_scan(*, scanner=None, now: dt.datetime | None = None) -> QuarantineReport:
    """Scan the files waiting in quarantine. Safe to run twice, or twice at once: each file is taken under a row
    lock, and one already decided is skipped. Stops at the first failure of the scanner (the rest wait)."""
    scanner = scanner if scanner is not None else configured_scanner()
    pending = PieceFile.objects.filter(scan=PieceFile.Scan.PENDING, erased_at=None)
    if scanner is None:
        return QuarantineReport(waiting=pending.count(), unavailable="ANTIVIRUS_BACKEND=builtin : aucun scanner")
    clean = infected = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        try:
            outcome = _scan_one(pk, scanner=scanner, now=now or timezone.now())
        except ScannerUnavailable as error:
            return QuarantineReport(clean, infected, pending.count(), str(error))
        clean += outcome == PieceFile.Scan.CLEAN
        infected += outcome == PieceFile.Scan.INFECTED
    return QuarantineReport(clean, infected)


@transaction.atomic
def _scan_one(pk: int, *, scanner, now: dt.datetime) -> str | None:
    piece_file = (
        PieceFile.objects.select_for_update(skip_locked=True)
        .filter(pk=pk, scan=PieceFile.Scan.PENDING, erased_at=None)
        .select_related("version__piece__demand__owner")
        .first()
    )
    if piece_file is None:
        return None  # decided meanwhile, or being scanned by another run
    storage = document_storage()
    with storage.open(piece_file.storage_name, "rb") as stored:
        content = stored.read()
    verdict = scanner.scan(content)
    if not verdict.infected:
        quarantined = piece_file.storage_name
        piece_file.storage_name = storage.save(_released_name(quarantined), ContentFile(content))
        piece_file.scan = PieceFile.Scan.CLEAN
        piece_file.save(update_fields=["storage_name", "scan"])
        _erase_on_commit([quarantined])
        if piece_file.version.piece.kind == Kind.INCOME_EXCEPTION:
            income_exception_proof_check(demand=piece_file.version.piece.demand)
        return PieceFile.Scan.CLEAN
    _refuse_version(piece_file, now=now)
    return PieceFile.Scan.INFECTED


def _refuse_version(infected: PieceFile, *, now: dt.datetime) -> None:
    """A file of the version is infected: the whole version leaves the file (all its files are erased) and the
    applicant is told to send another copy."""
    version = infected.version
    PieceFile.objects.filter(pk=infected.pk).update(scan=PieceFile.Scan.INFECTED)
    files = PieceFile.objects.filter(version=version, erased_at=None)
    _erase_on_commit(list(files.values_list("storage_name", flat=True)))
    files.update(erased_at=now)
    if version.superseded_at is None:
        version.superseded_at = now
        version.save(update_fields=["superseded_at"])
    if version.piece.kind == Kind.INCOME_EXCEPTION:
        income_exception_proof_check(demand=version.piece.demand)
    owner = version.piece.demand.owner
    send_email_on_commit(
        "document_refused",
        to=owner.email,
        context={"first_name": owner.first_name, "piece": version.piece.label, "uploaded_at": version.uploaded_at},
    )


def file_with_landlord(demand: Demand) -> bool:
    """The file is with a landlord while an application of the demand is in progress."""
    return Application.objects.active().filter(demand=demand).exists()


@transaction.atomic
def piece_delete(*, piece: Piece, by) -> None:
    """Delete a piece and all its versions. Not while a landlord examines the file (it may be replaced then)."""
    _check_owner(piece.demand, by)
    if file_with_landlord(piece.demand):
        raise DocumentError(
            "Votre dossier est en cours d'examen par un bailleur : vous pouvez remplacer cette pièce par une version "
            "à jour, mais pas la supprimer tant que votre candidature est en cours."
        )
    piece.delete()  # the stored files go after commit (erase_file_after_delete)
    if piece.kind == Kind.INCOME_EXCEPTION:
        income_exception_proof_check(demand=piece.demand)


ACCESS_PURPOSES = {
    "applicant": Purpose.OWN_DATA,
    "landlord_agent": Purpose.INSTRUCTION,
    "commission": Purpose.COMMISSION,
    "advisor": Purpose.ADVISOR_SUPPORT,
}


def access_record(
    *,
    user,
    demand: Demand,
    access: Access,
    what: str,
    watermarked: bool = False,
    request=None,
    now: dt.datetime | None = None,
):
    """Log one opening of a document of the file (always, whoever opens it) in the platform's access log."""
    return record_read(
        request or user,
        subject=demand,
        what=what,
        purpose=ACCESS_PURPOSES[access.role],
        role=access.role,
        organization=access.organization,
        application=access.application,
        watermarked=watermarked,
        now=now,
    )


# --- retention ------------------------------------------------------------------------------------------------


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


@dataclass(frozen=True)
class Erased:
    demand_id: int
    pieces: int
    files: int
    reason: str

    def __str__(self) -> str:
        erased = f"{plural(self.pieces, 'pièce')}, {plural(self.files, 'fichier')}"
        return f"Demande {self.demand_id} : {erased} effacés ({self.reason})."


def retention_start(*, demand_id: int, today: dt.date) -> DemandRetention:
    """Start the one-year clock of a demand that has just ended; a clock already running keeps its dates."""
    retention, _ = DemandRetention.objects.get_or_create(
        demand_id=demand_id, defaults={"ended_on": today, "erase_on": one_year_after(today)}
    )
    return retention


@transaction.atomic
def documents_purge(*, now: dt.datetime | None = None) -> list[Erased]:
    """Erase the documents of demands ended more than a year ago. Safe to run again: what is gone stays gone.

    A demand is ended when the register no longer holds it active (attribution, radiation). A signed lease starts
    the clock that day (logis/documents/effects.py); otherwise the first run that sees the demand ended records
    the day. The documents are erased one year later. A renewed demand is kept.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    DemandRetention.objects.filter(demand__register_status="active", erased_at=None).delete()
    newly_ended = Demand.objects.exclude(register_status="active").filter(document_retention__isnull=True)
    DemandRetention.objects.bulk_create(
        [DemandRetention(demand=demand, ended_on=today, erase_on=one_year_after(today)) for demand in newly_ended]
    )
    erased = []
    due = DemandRetention.objects.select_for_update().filter(erase_on__lte=today).order_by("demand_id")
    for retention in due:
        pieces = Piece.objects.filter(demand_id=retention.demand_id)
        count = pieces.count()
        if count:
            files = PieceFile.objects.filter(version__piece__in=pieces).count()
            pieces.delete()  # stored files erased after commit
            income_exception_proof_check(demand=retention.demand)  # its proof went with the pieces
            erased.append(Erased(retention.demand_id, count, files, "demande terminée depuis plus d'un an"))
        if retention.erased_at is None:
            retention.erased_at = now
            retention.save(update_fields=["erased_at"])
    return erased


def orphan_files_purge(*, now: dt.datetime | None = None) -> list[str]:
    """Erase stored files that no row references and that are older than ORPHAN_GRACE. Returns their names."""
    now = now or timezone.now()
    storage = document_storage()
    known = set(PieceFile.objects.filter(erased_at=None).values_list("storage_name", flat=True))
    removed = []
    for name in _walk(storage, ""):
        if name in known:
            continue
        if now - storage.get_modified_time(name) < ORPHAN_GRACE:
            continue
        storage.delete(name)
        removed.append(name)
    return removed


def _walk(storage, path: str):
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for file_name in files:
        yield f"{path}/{file_name}" if path else file_name
    for directory in directories:
        yield from _walk(storage, f"{path}/{directory}" if path else directory)
