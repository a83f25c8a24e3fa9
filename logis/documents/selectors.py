"""Reads of the applicant's file: the checklist with the pieces behind it, and what other spaces may show.

pieces_for_application(application) is the interface the landlord's and the commission's screens use.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from logis.applications.workflow import ACTIVE_STATES
from logis.audit.services import reads_about
from logis.core.db import CompiledRows
from logis.documents import checklist
from logis.documents.checklist import Stage
from logis.documents.models import Piece, PieceFile, PieceVersion
from logis.rules.income import IncomeException, exception_wording
from logis.rules.parameters import load_parameters


@dataclass(frozen=True)
class PieceEntry:
    """One line of the file: what is expected, its status, and the current version with its files."""

    item: checklist.Item
    piece: Piece | None = None
    version: PieceVersion | None = None
    files: list[PieceFile] = field(default_factory=list)
    history: list[PieceVersion] = field(default_factory=list)

    # Shortcuts for templates of other spaces.
    @property
    def label(self) -> str:
        return self.item.label

    @property
    def status(self) -> str:
        return self.item.status.value

    @property
    def status_label(self) -> str:
        return self.item.status_label

    @property
    def message(self) -> str:
        return self.item.message


def adults(demand, *, today: dt.date) -> list[checklist.Adult]:
    return checklist.adults_of(demand.snapshot or {}, today=today, applicant_label=demand.owner.get_full_name())


def _versions() -> Prefetch:
    versions = PieceVersion.objects.select_related("uploaded_by").prefetch_related(
        Prefetch("files", queryset=PieceFile.objects.all())
    )
    return Prefetch("versions", queryset=versions)


def _pieces_of(demand_ids) -> list[Piece]:
    return list(Piece.objects.filter(demand_id__in=demand_ids).prefetch_related(_versions()))


# One demand's pieces: compiled once per process (logis.core.db.CompiledRows), read by « Mon dossier » and for
# each application in progress of « Mes candidatures »; their versions and files are prefetched after.
_PIECES_OF_DEMAND = CompiledRows(Piece, lambda demand_id: Piece.objects.filter(demand_id=demand_id), int)


def _pieces(demand) -> list[Piece]:
    pieces = _PIECES_OF_DEMAND.instances(demand.pk)
    prefetch_related_objects(pieces, _versions())
    return pieces


def file_entries(
    demand, *, stage: Stage, today: dt.date | None = None, extras: bool = True, pieces: list[Piece] | None = None
) -> list[PieceEntry]:
    """The checklist up to `stage`, each line with its piece; with `extras`, pieces already given for later
    stages too (a RIB sent early, for instance). `pieces`: the demand's pieces when already read (with their
    versions and files)."""
    today = today or timezone.localdate()
    pieces = {(piece.kind, piece.holder): piece for piece in (_pieces(demand) if pieces is None else pieces)}
    current = {}
    uploaded = []
    for key, piece in pieces.items():
        versions = list(piece.versions.all())
        live = [version for version in versions if version.superseded_at is None]
        if live:
            current[key] = live[0]
            uploaded.append(
                checklist.Uploaded(
                    kind=piece.kind,
                    holder=piece.holder,
                    variant=live[0].variant,
                    expires_on=live[0].expires_on,
                    uploaded_on=timezone.localdate(live[0].uploaded_at),
                    piece_id=piece.pk,
                    checking=any(f.scan == PieceFile.Scan.PENDING for f in live[0].files.all()),
                )
            )
    people = adults(demand, today=today)
    entries = []
    in_stage = set(checklist.stages_up_to(stage))
    for item in checklist.checklist(Stage.LEASE, people, uploaded, today, income_exception=demand.income_exception):
        if item.stage not in in_stage and not (extras and item.piece_id):
            continue
        piece = pieces.get((item.kind.value, item.holder))
        version = current.get((item.kind.value, item.holder))
        entries.append(
            PieceEntry(
                item=item,
                piece=piece,
                version=version,
                files=list(version.files.all()) if version else [],
                history=[v for v in piece.versions.all() if v.superseded_at is not None] if piece else [],
            )
        )
    return entries


def active_application_state(demand) -> str | None:
    application = demand.applications.filter(state__in=sorted(s.value for s in ACTIVE_STATES)).first()
    return application.state if application else None


def pieces_for_application(application) -> list:
    """The pieces of the file visible for this application, with their status.

    The checklist runs up to the stage the application prepares (the landlord's validation for a file just
    submitted, the commission after validation, the lease after the commission), plus the pieces already given.
    Each entry has .label, .status ("present", "missing", "expired", "checking": in quarantine for the antivirus),
    .status_label, .message, .files (each file with .downloadable is served by the URL documents:file_download
    with the file's pk, which checks the permission and logs the access) and .version (uploaded_at, expires_on,
    variant_label).
    """
    return file_entries(application.demand, stage=checklist.next_stage(application.state))


def pieces_for_applications(applications) -> dict[int, list]:
    """{application pk: pieces_for_application(application)} for many applications (a page of a ranking): their
    pieces are read in one go (pieces, versions, files: three queries), not per application."""
    applications = list(applications)
    today = timezone.localdate()
    by_demand: dict[int, list[Piece]] = {}
    for piece in _pieces_of({application.demand_id for application in applications}):
        by_demand.setdefault(piece.demand_id, []).append(piece)
    return {
        application.pk: file_entries(
            application.demand,
            stage=checklist.next_stage(application.state),
            today=today,
            pieces=by_demand.get(application.demand_id, []),
        )
        for application in applications
    }


def access_log(demand):
    """Who opened the data of `demand`'s owner (logis.audit), most recent first."""
    return reads_about(demand.owner)


def income_exception_piece(demand) -> str:
    """The piece that proves the situation the applicant declared on the resources (from the rules' data file),
    e.g. « l'attestation de dissolution du PACS »; "" when none is declared."""
    if not demand.income_exception:
        return ""
    return exception_wording(IncomeException(demand.income_exception), load_parameters().income)[1]


def income_exception_entry(demand) -> PieceEntry | None:
    """The line of the file for the proof of the declared situation (None when no situation is declared)."""
    if not demand.income_exception:
        return None
    entries = file_entries(demand, stage=Stage.APPLY, extras=False)
    return next((entry for entry in entries if entry.item.kind == checklist.Kind.INCOME_EXCEPTION), None)
