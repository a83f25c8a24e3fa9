"""« Mes données »: see what the platform holds, download it (JSON, PDF), delete the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from logis.privacy import services
from logis.privacy.forms import AccountDeleteForm


@require_GET
def my_data(request):
    return render(request, "privacy/my_data.html", {"notice": services.deletion_notice(request.user)})


def _download(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def export_json(request):
    data = services.personal_data_export(user=request.user, by=request.user, fmt="json", request=request)
    day = timezone.localdate().isoformat()
    return _download(
        json.dumps(data, ensure_ascii=False, indent=2).encode(),
        content_type="application/json; charset=utf-8",
        filename=f"mes-donnees-logis-{day}.json",
    )


@require_GET
def export_pdf(request):
    from weasyprint import HTML  # heavy import, only for the PDF

    data = services.personal_data_export(user=request.user, by=request.user, fmt="pdf", request=request)
    html = render_to_string(
        "privacy/export_pdf.html",
        {
            "sections": services.readable(data),
            "person": request.user,
            "at": timezone.now(),
            "notice": services.LEGAL_NOTICE,
        },
    )
    day = timezone.localdate().isoformat()
    return _download(
        HTML(string=html).write_pdf(), content_type="application/pdf", filename=f"mes-donnees-logis-{day}.pdf"
    )


@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        services.account_delete(user=user, by=user)
        logout(request)
        messages.success(
            request,
            "Votre compte est supprimé. Vos données ont été effacées ou anonymisées ; un e-mail vous le confirme.",
        )
        return redirect("home:index")
    return render(request, "privacy/delete_account.html", {"form": form, "notice": services.deletion_notice(user)})
