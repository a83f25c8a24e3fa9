"""« Mon dossier locataire »: the applicant's page (guarantee, share, revoke, who opened it) and the shared view of
the estate agency or private owner who received it (issue #19).

The shared view opens only for a member of the recipient (a link forwarded to anyone else shows nothing of the
file), while the link is neither expired nor revoked; every opening is logged, shown to the applicant, audited, and
the page and the pieces carry a watermark naming the recipient.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from logis.audit.services import Purpose, record_read
from logis.demands.selectors import demand_of
from logis.documents import tenant_file as service
from logis.documents.checklist import KIND_LABELS
from logis.documents.forms import TenantFileForm, TenantFileShareForm
from logis.documents.models import TenantFile, TenantFileShare
from logis.documents.storage import document_storage
from logis.documents.watermark import watermark
from logis.organizations.roles import Role
from logis.rules import private_letting


def _share_form(demand, data=None):
    return TenantFileShareForm(
        data, recipients=service.possible_recipients(demand), bounds=private_letting.share_bounds(), prefix="share"
    )


def tenant_file_page(request):
    demand = demand_of(request.user)
    if demand is None:
        messages.info(request, "Importez d'abord votre demande dans « Ma situation » : le dossier s'en sert.")
        return redirect("documents:checklist")
    extra = TenantFile.objects.filter(demand=demand).first()
    form = TenantFileForm(
        request.POST or None,
        initial={"visale_visa": extra.visale_visa, "guarantor_name": extra.guarantor_name} if extra else None,
        prefix="guarantee",
    )
    if request.method == "POST" and form.is_valid():
        service.tenant_file_update(demand=demand, by=request.user, **form.cleaned_data)
        messages.success(request, "Votre garantie est enregistrée dans votre dossier locataire.")
        return redirect("documents:tenant_file")
    return _render(request, demand, form=form, status=400 if form.errors else 200)


def _render(request, demand, *, form=None, share_form=None, new_link: str = "", status: int = 200):
    now = timezone.now()
    return render(
        request,
        "documents/tenant_file.html",
        {
            "demand": demand,
            "file": service.tenant_file_of(demand),
            "form": form or TenantFileForm(prefix="guarantee"),
            "share_form": share_form or _share_form(demand),
            "share": service.current_share(demand, now=now),
            "past_shares": TenantFileShare.objects.filter(demand=demand).select_related("organization")[:10],
            "openings": service.openings_of(demand)[:50],
            "new_link": new_link,
            "kinds": [
                (kind.value, KIND_LABELS[kind]) for kind in service.TENANT_FILE_KINDS if kind.value != "tax_notice"
            ],
        },
        status=status,
    )


@require_POST
def tenant_file_share_view(request):
    demand = demand_of(request.user)
    if demand is None:
        raise Http404
    form = _share_form(demand, request.POST)
    if not form.is_valid():
        return _render(request, demand, share_form=form, status=400)
    try:
        new = service.tenant_file_share(
            demand=demand,
            organization=form.cleaned_data["organization"],
            days=form.cleaned_data["days"],
            by=request.user,
        )
    except service.TenantFileError as error:
        form.add_error(None, error.message)
        return _render(request, demand, share_form=form, status=400)
    messages.success(
        request,
        f"Votre dossier est partagé avec {new.share.organization.name} : le lien lui a été envoyé par e-mail. Tout "
        "partage précédent est retiré.",
    )
    return _render(request, demand, new_link=request.build_absolute_uri(new.path))


@require_POST
def tenant_file_revoke_view(request, pk):
    demand = demand_of(request.user)
    share = get_object_or_404(TenantFileShare.objects.filter(demand__owner=request.user), pk=pk)
    service.tenant_file_revoke(share=share, by=request.user)
    messages.success(request, f"Partage retiré : {share.organization.name} n'a plus accès à votre dossier.")
    if demand is None:
        raise Http404
    return redirect("documents:tenant_file")


# --- the recipient's side ------------------------------------------------------------------------------------


def _refused(request, error: service.TenantFileError):
    return render(request, "documents/tenant_file_refused.html", {"message": error.message}, status=404)


def _open(request, share: TenantFileShare, *, via: str):
    now = timezone.now()
    service.opening_record(share=share, user=request.user, what="Dossier locataire (page)", now=now)
    record_read(
        request,
        subject=share.demand,
        what="Dossier locataire partagé : identité, emploi, revenus, garantie",
        purpose=Purpose.TENANT_FILE,
        role=Role.LANDLORD_AGENT,
        organization=share.organization,
        watermarked=True,
    )
    response = render(
        request,
        "documents/tenant_file_shared.html",
        {
            "share": share,
            "file": service.tenant_file_of(share.demand),
            "watermark": service.watermark_line(share=share, user=request.user, day=timezone.localdate(now)),
            "via": via,
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response


@require_GET
def shared_by_link(request, token):
    try:
        share = service.share_for_token(token, user=request.user, now=timezone.now())
    except service.TenantFileError as error:
        return _refused(request, error)
    return _open(request, share, via=token)


@require_GET
def shared_in_workspace(request, pk):
    try:
        share = service.share_for_recipient(pk, user=request.user, now=timezone.now())
    except service.TenantFileError as error:
        return _refused(request, error)
    return _open(request, share, via="")


@require_GET
def shared_piece(request, pk, file_pk):
    now = timezone.now()
    try:
        share = service.share_for_recipient(pk, user=request.user, now=now)
    except service.TenantFileError as error:
        return _refused(request, error)
    piece_file = service.shared_piece_file(share, file_pk)
    if piece_file is None:
        raise Http404
    piece = piece_file.version.piece
    with document_storage().open(piece_file.storage_name, "rb") as stored:
        content = stored.read()
    text = service.watermark_line(share=share, user=request.user, day=timezone.localdate(now))
    content = watermark(content, piece_file.content_type, text)
    label = KIND_LABELS.get(piece.kind, piece.kind)
    service.opening_record(share=share, user=request.user, what=f"{label} — fichier {piece_file.position}", now=now)
    record_read(
        request,
        subject=share.demand,
        what=f"Dossier locataire partagé : {label} — fichier {piece_file.position}",
        purpose=Purpose.TENANT_FILE,
        role=Role.LANDLORD_AGENT,
        organization=share.organization,
        watermarked=True,
    )
    response = HttpResponse(content, content_type=piece_file.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(label)}-{piece_file.position}.{piece_file.extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response
