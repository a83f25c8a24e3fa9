"""The CALEOL's space: sessions, the agenda by offer, one decision per candidate, the minutes (page and PDF)."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from logis.applications.workflow import State
from logis.audit.services import Purpose, record_reads
from logis.commission.forms import DecisionForm, SessionForm
from logis.commission.models import AgendaItem, CommissionSession, Decision
from logis.commission.selectors import session_with_agenda, sessions_of
from logis.commission.services import (
    CommissionError,
    close_refusal,
    decision_record,
    pending_items,
    session_close,
    session_create,
)
from logis.core.text import plural
from logis.eligibility.services import offer_verdict
from logis.organizations.models import Membership, Organization
from logis.organizations.roles import Role, is_logis_team
from logis.scoring.services import score_application


def _landlords(user, *roles):
    return Organization.objects.filter(
        kind=Organization.Kind.LANDLORD,
        memberships__user=user,
        memberships__is_active=True,
        memberships__role__in=roles,
    ).distinct()


def member_required(view):
    """Agents and commission members of a landlord; the others have nothing to see here."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _landlords(request.user, Membership.Role.AGENT, Membership.Role.COMMISSION).exists():
            raise PermissionDenied("Cet espace est réservé aux bailleurs et aux membres de leur CALEOL.")
        return view(request, *args, **kwargs)

    return wrapper


@member_required
def dashboard(request):
    sessions = sessions_of(request.user).order_by("-held_at", "-id")[:50]
    return render(request, "commission/dashboard.html", {"sessions": sessions})


@member_required
def session_create_view(request):
    landlords = _landlords(request.user, Membership.Role.AGENT, Membership.Role.COMMISSION)
    form = SessionForm(request.POST or None, landlords=landlords)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(
                landlord=form.cleaned_data["landlord"],
                held_at=form.cleaned_data["held_at"],
                place=form.cleaned_data["place"],
                members=form.cleaned_data["members"],
                by=request.user,
            )
        except CommissionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Séance programmée : {session}.")
            return redirect("commission:session", pk=session.pk)
    return render(request, "commission/session_form.html", {"form": form})


def _can_decide(user, session) -> bool:
    return Membership.objects.filter(
        user=user, organization_id=session.landlord_id, role=Membership.Role.COMMISSION, is_active=True
    ).exists()


@member_required
def session_detail(request, pk):
    return _render_session(request, pk)


def _render_session(request, pk, *, bound: DecisionForm | None = None, bound_item: int | None = None, status=200):
    """The session page; `bound`: the decision form of `bound_item` sent with errors, shown with what was typed."""
    context = _minutes_context(request, pk)
    session = context["session"]
    member = _can_decide(request.user, session)
    can_decide = member and not session.closed_at
    for entry in session.agenda.all():
        for item in entry.items.all():
            item.form = None
            if can_decide and item.awaits_decision:
                item.form = bound if item.pk == bound_item else DecisionForm(prefix=f"item{item.pk}")
            item.form_open = item.pk == bound_item
            # What the commission weighs: the cotation with its breakdown and the eligibility verdict.
            item.score = score_application(item.application)
            item.verdict = offer_verdict(item.application.demand, item.application.offer)
    _record_session_read(request, session, "Séance de la commission (cotation, éligibilité, ménage)", member=member)
    return render(
        request,
        "commission/session.html",
        {**context, "can_decide": can_decide, "not_yet": close_refusal(session)},
        status=status,
    )


def _decision_of(item):
    try:
        return item.decision
    except Decision.DoesNotExist:
        return None


@member_required
@require_POST
def decide(request, pk, item_pk):
    session = get_object_or_404(sessions_of(request.user), pk=pk)
    item = get_object_or_404(AgendaItem.objects.filter(agenda_offer__session=session), pk=item_pk)
    form = DecisionForm(request.POST, prefix=f"item{item.pk}")
    if form.is_valid():
        try:
            decision_record(
                agenda_item=item,
                kind=form.cleaned_data["kind"],
                rank=form.cleaned_data["rank"],
                missing_piece=form.cleaned_data["missing_piece"],
                deadline=form.cleaned_data["deadline"],
                reason=form.cleaned_data["reason"],
                reason_category=form.cleaned_data["reason_category"],
                by=request.user,
            )
        except CommissionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Décision enregistrée : le demandeur est prévenu par e-mail.")
            return redirect(f"{reverse('commission:session', args=[session.pk])}#candidat-{item.pk}")
    errors = " ".join(str(e) for field_errors in form.errors.values() for e in field_errors)
    messages.error(request, f"Décision non enregistrée. {errors}")
    return _render_session(request, session.pk, bound=form, bound_item=item.pk, status=400)


@member_required
def close(request, pk):
    """« Arrêter le procès-verbal »: a page that asks for confirmation (GET), then closes the minutes (POST)."""
    session = get_object_or_404(sessions_of(request.user), pk=pk)
    if session.closed_at:
        return redirect("commission:minutes", pk=session.pk)
    if request.method == "POST":
        try:
            session_close(session=session, by=request.user)
        except CommissionError as error:
            messages.error(request, error.message)
            return redirect("commission:session", pk=session.pk)
        messages.success(request, "Procès-verbal arrêté.")
        return redirect("commission:minutes", pk=session.pk)
    pending = pending_items(session)
    refusal = close_refusal(session)
    if pending and not refusal:
        refusal = f"{plural(pending, 'décision')} {'restent' if pending > 1 else 'reste'} à prendre."
    decided = Decision.objects.filter(agenda_item__agenda_offer__session=session).count()
    decided = plural(decided, "décision enregistrée", "décisions enregistrées")
    return render(
        request, "commission/close_confirm.html", {"session": session, "refusal": refusal, "decided": decided}
    )


def _record_session_read(request, session, what: str, *, member: bool | None = None) -> None:
    """Every candidate of the agenda is read (household, income, cotation): one access row each, one INSERT.

    `member`: whether the reader sits in the landlord's commission, when the caller already knows it."""
    items = [item for entry in session.agenda.all() for item in entry.items.all()]
    if is_logis_team(request.user):
        role, purpose = Role.STAFF, Purpose.SUPPORT
    elif member if member is not None else _can_decide(request.user, session):
        role, purpose = Role.COMMISSION, Purpose.COMMISSION
    else:
        role, purpose = Role.LANDLORD_AGENT, Purpose.INSTRUCTION
    record_reads(
        request,
        subjects=[item.application.demand for item in items],
        applications=[item.application for item in items],
        what=f"{what} : {session}",
        purpose=purpose,
        role=role,
        organization=session.landlord,
    )


def _minutes_context(request, pk):
    """The session with its agenda; each item carries `the_decision` (or None)."""
    try:
        session = session_with_agenda(sessions_of(request.user), pk)
    except CommissionSession.DoesNotExist:
        raise Http404 from None
    pending = 0
    for entry in session.agenda.all():
        for item in entry.items.all():
            item.the_decision = _decision_of(item)
            item.awaits_decision = item.the_decision is None and item.application.state == State.IN_COMMISSION
            item.presented_score = next(iter(item.application.stored_scores), None)
            pending += item.awaits_decision
    return {"session": session, "pending": pending}


@member_required
def minutes(request, pk):
    context = _minutes_context(request, pk)
    _record_session_read(request, context["session"], "Procès-verbal de la commission")
    return render(request, "commission/minutes.html", context)


@member_required
def minutes_pdf(request, pk):
    from weasyprint import HTML  # heavy import, only for the PDF

    context = _minutes_context(request, pk)
    _record_session_read(request, context["session"], "Procès-verbal de la commission (export PDF)")
    html = render_to_string("commission/minutes_pdf.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="proces-verbal-caleol-{context["session"].pk}.pdf"'
    return response
