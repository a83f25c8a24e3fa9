"""« Mes aides » (signed-in applicant) and the advisors' queue of aid requests.

Objects are read through scoped querysets first (a request of someone else is 404), then acted on by the
services. The advisor's page shows pieces of the applicant's file and amounts: each opening is recorded in the
audit of sensitive reads.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from logis.aids.forms import AidDecisionForm, AidRequestForm
from logis.aids.models import AidRequest
from logis.aids.selectors import entry_for, housing_benefit_hint, verdicts_for
from logis.aids.services import (
    AidRequestError,
    aid_request_decide,
    aid_request_start,
    aid_request_submit,
    aid_request_update,
    aid_request_withdraw,
    current_pieces,
    employer_agreement,
)
from logis.audit.services import Purpose, Role, record_read
from logis.demands.selectors import demand_of
from logis.documents.checklist import KIND_INSTRUCTIONS, KIND_LABELS, Kind
from logis.employers.perms import is_advisor
from logis.rules.aids import load_catalogue

PAGE_SIZE = 25


def mine(request):
    today = timezone.localdate()
    demand = demand_of(request.user)
    requests = list(AidRequest.objects.of_applicant(request.user).order_by("-created_at")[:50])
    in_progress = {r.aid: r for r in requests if r.in_progress}
    context = {
        "demand": demand,
        "verdicts": verdicts_for(demand, today=today) if demand else [],
        "in_progress": in_progress,
        "requests": requests,
        "hint": housing_benefit_hint(demand, today=today),
    }
    return render(request, "aids/mine.html", context)


def request_start(request, code):
    entry = entry_for(code, timezone.localdate())
    if entry is None or not entry.aid.requestable:
        raise Http404("Aide inconnue.")
    demand = demand_of(request.user)
    existing = AidRequest.objects.of_applicant(request.user).in_progress().filter(aid=code).first()
    if existing is not None:
        return redirect("aids:request", pk=existing.pk)
    form = AidRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = aid_request_start(
                applicant=request.user,
                demand=demand,
                aid=code,
                amount=form.cleaned_data.get("amount"),
                details=form.details(),
            )
        except AidRequestError as error:
            form.add_error("amount" if error.code == "amount" else None, error.message)
        else:
            messages.success(request, "Demande enregistrée en brouillon : vérifiez les pièces, puis envoyez-la.")
            return redirect("aids:request", pk=created.pk)
    context = {"entry": entry, "aid": entry.aid, "form": form, "demand": demand}
    return render(request, "aids/request_start.html", context, status=400 if form.errors else 200)


def _pieces_status(aid, demand):
    present = current_pieces(demand)
    return [
        {
            "kind": kind,
            "label": KIND_LABELS[Kind(kind)],
            "instructions": KIND_INSTRUCTIONS[Kind(kind)],
            "version": present.get(kind),
        }
        for kind in aid.pieces
    ]


def request_page(request, pk):
    aid_request = get_object_or_404(AidRequest.objects.of_applicant(request.user).select_related("demand"), pk=pk)
    aid = load_catalogue().get(aid_request.aid)
    form = AidRequestForm(
        initial={
            "amount": aid_request.amount,
            "move_in_date": aid_request.details.get("move_in_date"),
            "message": aid_request.details.get("message", ""),
        }
    )
    context = {
        "aid_request": aid_request,
        "aid": aid,
        "pieces": _pieces_status(aid, aid_request.demand),
        "events": aid_request.events.select_related("by"),
        "sent_pieces": aid_request.pieces.select_related("version"),
        "agreement": employer_agreement(aid_request) if aid.needs_employer_agreement else None,
        "form": form,
        "return_to": reverse("aids:request", args=[aid_request.pk]),
    }
    return render(request, "aids/request.html", context)


@require_POST
def request_action(request, pk, action):
    aid_request = get_object_or_404(AidRequest.objects.of_applicant(request.user), pk=pk)
    try:
        if action == "envoyer":
            form = AidRequestForm(request.POST)
            if form.is_valid() and aid_request.status == AidRequest.Status.DRAFT:
                aid_request_update(
                    request=aid_request,
                    by=request.user,
                    amount=form.cleaned_data.get("amount"),
                    details=form.details(),
                )
            aid_request_submit(request=aid_request, by=request.user)
            messages.success(
                request, "Demande envoyée : un conseiller Logis l'examine. Vous recevrez un e-mail à chaque étape."
            )
        elif action == "retirer":
            aid_request_withdraw(request=aid_request, by=request.user)
            messages.success(request, "Demande retirée.")
        else:
            raise Http404
    except AidRequestError as error:
        messages.error(request, error.message)
    return redirect("aids:request", pk=aid_request.pk)


# --- advisors -----------------------------------------------------------------------------------------------


def _advisor_only(user) -> None:
    if not is_advisor(user):
        raise Http404("Pas de file de conseiller pour ce compte.")


def advisor_queue(request):
    _advisor_only(request.user)
    waiting = AidRequest.objects.for_advisors().select_related("applicant").order_by("submitted_at", "pk")
    decided = (
        AidRequest.objects.filter(status__in=[AidRequest.Status.GRANTED, AidRequest.Status.REFUSED])
        .select_related("applicant", "decided_by")
        .order_by("-decided_at", "-pk")[:20]
    )
    page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "aids/advisor_queue.html", {"page": page, "decided": decided})


def advisor_request(request, pk):
    _advisor_only(request.user)
    aid_request = get_object_or_404(
        AidRequest.objects.exclude(status=AidRequest.Status.DRAFT).select_related("applicant", "demand"), pk=pk
    )
    form = AidDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            aid_request_decide(
                request=aid_request, granted=form.granted, reason=form.cleaned_data["reason"], by=request.user
            )
        except AidRequestError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Décision enregistrée ; la personne en est informée par e-mail.")
            return redirect("aid_advisors:request", pk=aid_request.pk)
    aid = load_catalogue().get(aid_request.aid)
    record_read(
        request,
        subject=aid_request.demand,
        what=f"Demande d'aide n° {aid_request.pk} ({aid.name}) : montant, pièces du dossier",
        purpose=Purpose.ADVISOR_SUPPORT,
        role=Role.ADVISOR,
    )
    context = {
        "aid_request": aid_request,
        "aid": aid,
        "sent_pieces": aid_request.pieces.select_related("version").prefetch_related("version__files"),
        "events": aid_request.events.select_related("by"),
        "agreement": employer_agreement(aid_request) if aid.needs_employer_agreement else None,
        "form": form,
        "decidable": aid_request.status in (AidRequest.Status.SUBMITTED, AidRequest.Status.AWAITING_EMPLOYER),
    }
    return render(request, "aids/advisor_request.html", context, status=400 if form.errors else 200)
