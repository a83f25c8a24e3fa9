""" "Mon dossier": the checklist of pieces, uploads, deletion, who consulted the file; and the protected downloads.

Every document leaves through file_download or file_summary only: a scoped queryset first (404 for anyone else),
then the capacity of the person, one access-log row, and headers that keep browsers and proxies from keeping or
sniffing it.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from logis.applications.models import Application
from logis.audit.services import reads_about, reads_grouped
from logis.demands.selectors import demand_of
from logis.documents import checklist
from logis.documents.checklist import KIND_INSTRUCTIONS, KIND_LABELS, STAGE_LABELS, Kind, Stage
from logis.documents.forms import PieceUploadForm
from logis.documents.models import Piece, PieceFile
from logis.documents.perms import (
    agent_landlord_ids,
    commission_landlord_ids,
    document_access,
    is_operator_advisor,
    summary_access,
)
from logis.documents.selectors import (
    access_log,
    active_application_state,
    adults,
    file_entries,
    income_exception_piece,
)
from logis.documents.services import (
    DocumentError,
    Upload,
    access_record,
    file_with_landlord,
    piece_delete,
    piece_upload,
)
from logis.documents.storage import document_storage
from logis.documents.summary import summary_pdf
from logis.documents.validation import MAX_FILE_BYTES, UploadRefused
from logis.documents.watermark import watermark, watermark_text
from logis.organizations.roles import Role

LOG_PAGE_SIZE = 20


def _return_to(request) -> str:
    """The page that sent the person here (?retour=, a path of this site only), e.g. an aid request."""
    target = request.GET.get("retour", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _anchor(kind: str, holder: str = "") -> str:
    return f"{reverse('documents:checklist')}#piece-{kind}{'-' + holder if holder else ''}"


@require_GET
def checklist_page(request):
    demand = demand_of(request.user)
    if demand is None:
        return render(request, "documents/checklist.html", {"demand": None})
    state = active_application_state(demand)
    next_stage = checklist.next_stage(state)
    entries = file_entries(demand, stage=Stage.LEASE)
    groups = [
        {
            "stage": stage.value,
            "label": STAGE_LABELS[stage],
            "is_next": stage == next_stage,
            "entries": [entry for entry in entries if entry.item.stage == stage],
        }
        for stage in Stage
    ]
    due = [entry for entry in entries if entry.item.stage in checklist.stages_up_to(next_stage)]
    context = {
        "demand": demand,
        "groups": groups,
        "next_stage_label": STAGE_LABELS[next_stage],
        "missing_count": sum(1 for entry in due if entry.status != "present"),
        "with_landlord": state is not None,
        "can_delete": not file_with_landlord(demand),
        "recent_accesses": access_log(demand).exclude(role=Role.APPLICANT)[:5],
    }
    return render(request, "documents/checklist.html", context)


def piece_upload_page(request, kind):
    try:
        kind = Kind(kind)
    except ValueError:
        raise Http404("Type de pièce inconnu.") from None
    demand = demand_of(request.user)
    if demand is None:
        messages.info(request, "Importez d'abord votre demande de logement social dans « Ma situation ».")
        return redirect("documents:checklist")
    instructions = KIND_INSTRUCTIONS[kind]
    if kind == Kind.INCOME_EXCEPTION:
        if not demand.income_exception:
            messages.info(request, "Déclarez d'abord votre situation : la pièce à déposer en dépend.")
            return redirect("demands:income_exception")
        piece = income_exception_piece(demand)
        instructions = f"{piece[:1].upper()}{piece[1:]}. {instructions}"
    holder = request.GET.get("personne", "") if kind == Kind.TAX_NOTICE else ""
    holder_label = ""
    if kind == Kind.TAX_NOTICE:
        people = {adult.key: adult.label for adult in adults(demand, today=timezone.localdate())}
        if holder not in people:
            raise Http404("Personne inconnue.")
        holder_label = people[holder]
    current = Piece.objects.filter(demand=demand, kind=kind.value, holder=holder).first()
    posted = request.method == "POST"
    form = PieceUploadForm(request.POST if posted else None, request.FILES if posted else None, kind=kind)
    if posted and form.is_valid():
        uploads = [Upload(name=f.name, content=f.read(MAX_FILE_BYTES + 1)) for f in form.cleaned_data["files"]]
        try:
            version = piece_upload(
                demand=demand,
                kind=kind.value,
                holder=holder,
                uploads=uploads,
                variant=form.cleaned_data.get("variant") or "",
                expires_on=form.cleaned_data.get("expires_on"),
                iban=form.cleaned_data.get("iban") or "",
                by=request.user,
            )
        except UploadRefused as refusal:
            form.add_error("files", refusal.message)
        except DocumentError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            label = f"Avis d'imposition de {holder_label}" if holder_label else KIND_LABELS[kind]
            verb = "remplacée" if current else "enregistrée"
            if version.files.filter(scan=PieceFile.Scan.PENDING).exists():
                messages.info(
                    request,
                    f"Pièce {verb} : « {label} ». Elle est en cours de vérification par l'antivirus et sera "
                    "transmise dès la fin du contrôle ; si elle devait être refusée, vous recevrez un courriel.",
                )
            else:
                messages.success(request, f"Pièce {verb} : « {label} ».")
            return redirect(_return_to(request) or _anchor(kind.value, holder))
    context = {
        "form": form,
        "kind": kind.value,
        "label": f"Avis d'imposition de {holder_label}" if holder_label else KIND_LABELS[kind],
        "instructions": instructions,
        "replacing": current is not None,
        "holder": holder,
    }
    return render(request, "documents/upload.html", context, status=400 if form.errors else 200)


def piece_delete_page(request, pk):
    piece = get_object_or_404(Piece.objects.of_owner(request.user).select_related("demand"), pk=pk)
    if request.method == "POST":
        try:
            piece_delete(piece=piece, by=request.user)
        except DocumentError as error:
            messages.error(request, error.message)
            return redirect(_anchor(piece.kind, piece.holder))
        messages.success(request, f"Pièce supprimée : « {piece.label} ». Ses fichiers sont effacés.")
        return redirect("documents:checklist")
    return render(
        request, "documents/delete.html", {"piece": piece, "with_landlord": file_with_landlord(piece.demand)}
    )


@require_GET
def access_log_page(request):
    demand = demand_of(request.user)
    page = Paginator(reads_about(request.user), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/access_log.html",
        {"demand": demand, "page": page, "groups": reads_grouped(request.user)},
    )


def _protected(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    return response


@require_GET
def file_download(request, pk):
    visible = Piece.objects.visible_to(request.user)
    piece_file = get_object_or_404(
        PieceFile.objects.filter(
            erased_at=None, scan=PieceFile.Scan.CLEAN, version__superseded_at=None, version__piece__in=visible
        ).select_related("version__piece__demand"),
        pk=pk,
    )
    piece = piece_file.version.piece
    access = document_access(user=request.user, demand=piece.demand)
    if access is None:
        raise Http404
    with document_storage().open(piece_file.storage_name, "rb") as stored:
        content = stored.read()
    if access.watermarked:
        text = watermark_text(
            landlord=access.organization.name, application_id=access.application.pk, day=timezone.localdate()
        )
        content = watermark(content, piece_file.content_type, text)
    access_record(
        user=request.user,
        request=request,
        demand=piece.demand,
        access=access,
        what=f"{piece.label} — fichier {piece_file.position}",
        watermarked=access.watermarked,
    )
    filename = f"{slugify(piece.label)}-{piece_file.position}.{piece_file.extension}"
    return _protected(HttpResponse(content, content_type=piece_file.content_type), filename)


def _summary_applications(user):
    """Applications whose file summary this user may read (see logis.documents.perms)."""
    if is_operator_advisor(user):
        return Application.objects.all()
    instructing = Q(offer__landlord_id__in=agent_landlord_ids(user)) | Q(
        offer__landlord_id__in=commission_landlord_ids(user)
    )
    return Application.objects.filter(
        Q(demand__owner=user) | Q(pk__in=Application.objects.active().filter(instructing))
    )


@require_GET
def file_summary(request, pk):
    application = get_object_or_404(
        _summary_applications(request.user).select_related("demand__owner", "offer__landlord"), pk=pk
    )
    access = summary_access(user=request.user, application=application)
    if access is None:
        raise Http404
    content = summary_pdf(application, access=access)
    access_record(
        user=request.user,
        request=request,
        demand=application.demand,
        access=access,
        what="Synthèse du dossier (PDF)",
    )
    return _protected(HttpResponse(content, content_type="application/pdf"), f"synthese-candidature-{pk}.pdf")
