"""Social support: the applicant's request and case (/accompagnement/) and the advisors' caseload
(/conseiller/accompagnement/). Cases are read through scoped querysets; a case that is not the reader's is a 404.
Every read of a case by an advisor is recorded (logis.audit) and listed to the applicant."""

from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from logis.audit.services import Purpose, Role, reads_about, record_read
from logis.support import services
from logis.support.forms import CloseForm, DiagnosisForm, NoteForm, RequestForm, StepForm
from logis.support.models import Contract, PlanStep, SupportCase
from logis.support.perms import cases_visible_to, is_support_advisor

READ_PREFIX = "Accompagnement social"


def applicant_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_applicant:
            raise Http404("L'accompagnement social se demande depuis un compte de demandeur.")
        return view(request, *args, **kwargs)

    return wrapper


def advisor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_support_advisor(request.user):
            raise Http404("Pas de suivi d'accompagnement pour ce compte.")
        return view(request, *args, **kwargs)

    return wrapper


def _record(request, case: SupportCase, what: str) -> None:
    record_read(
        request,
        subject=case.applicant,
        what=f"{READ_PREFIX} n° {case.pk} : {what}",
        purpose=Purpose.ADVISOR_SUPPORT,
        role=Role.ADVISOR,
        organization="Logis — accompagnement social",
    )


# --- the applicant ----------------------------------------------------------------------------------------------


@applicant_required
def request_support(request):
    if services.open_case_of(request.user) is not None:
        return redirect("support:case")
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_request(
                applicant=request.user, event=data["event"], account=data["account"], consent=data["consent"]
            )
        except services.SupportError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                "Votre demande d'accompagnement est envoyée. Un conseiller ou une conseillère sociale vous contacte ; "
                "un e-mail vous le dira.",
            )
            return redirect("support:case")
    closed = SupportCase.objects.filter(applicant=request.user, status=SupportCase.Status.CLOSED)
    return render(request, "support/request.html", {"form": form, "closed": closed})


@applicant_required
def case(request):
    case = services.open_case_of(request.user)
    if case is None:
        return redirect("support:request")
    contract = case.contracts.order_by("-version").first()
    reads = reads_about(request.user).filter(what__startswith=READ_PREFIX).order_by("-at")[:50]
    return render(
        request,
        "support/case.html",
        {
            "case": case,
            "steps": case.steps.all(),
            "contract": contract,
            "reads": reads,
            "today": timezone.localdate(),
        },
    )


@applicant_required
@require_POST
def applicant_step_done(request, pk):
    step = get_object_or_404(PlanStep.objects.filter(case__applicant=request.user).select_related("case"), pk=pk)
    try:
        services.step_done(step=step, by=request.user)
    except services.SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Étape notée comme faite.")
    return redirect("support:case")


@applicant_required
@require_POST
def applicant_accept(request, pk):
    contract = get_object_or_404(Contract.objects.filter(case__applicant=request.user), pk=pk)
    if request.POST.get("read") != "on":
        messages.error(request, "Cochez « J'ai lu le contrat » pour l'accepter.")
        return redirect("support:case")
    try:
        services.contract_accept(contract=contract, by=request.user)
    except services.SupportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Vous avez accepté le contrat d'engagement réciproque.")
    return redirect("support:case")


def _contract_pdf(request, contract: Contract) -> HttpResponse:
    from weasyprint import HTML  # heavy import, only for the PDF

    html = render_to_string("support/contract_pdf.html", {"contract": contract, "case": contract.case})
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="contrat-engagement-v{contract.version}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@applicant_required
def applicant_contract_pdf(request, pk):
    contract = get_object_or_404(Contract.objects.filter(case__applicant=request.user).select_related("case"), pk=pk)
    return _contract_pdf(request, contract)


# --- the advisors -----------------------------------------------------------------------------------------------


@advisor_required
def caseload(request):
    visible = cases_visible_to(request.user, SupportCase.objects.select_related("applicant"))
    today = timezone.localdate()
    requested = list(visible.filter(status=SupportCase.Status.REQUESTED).order_by("created_at"))
    mine = list(visible.filter(advisor=request.user, status=SupportCase.Status.IN_PROGRESS).order_by("taken_at"))
    late = list(
        PlanStep.objects.filter(
            case__advisor=request.user,
            case__status=SupportCase.Status.IN_PROGRESS,
            done_at__isnull=True,
            due_on__lt=today,
        ).select_related("case__applicant")
    )
    for case in requested:
        _record(request, case, "demande dans la file")
    return render(request, "support/caseload.html", {"requested": requested, "mine": mine, "late": late})


ACTIONS = {
    "take": None,
    "diagnosis": DiagnosisForm,
    "step": StepForm,
    "note": NoteForm,
    "close": CloseForm,
}


@advisor_required
def advisor_case(request, pk):
    case = get_object_or_404(cases_visible_to(request.user, SupportCase.objects.select_related("applicant")), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        "diagnosis": DiagnosisForm(
            request.POST if action == "diagnosis" else None,
            initial={
                "family": case.diagnosis_family,
                "work": case.diagnosis_work,
                "housing": case.diagnosis_housing,
                "budget": case.diagnosis_budget,
            },
        ),
        "step": StepForm(request.POST if action == "step" else None, prefix="step"),
        "note": NoteForm(request.POST if action == "note" else None, prefix="note"),
        "close": CloseForm(request.POST if action == "close" else None, prefix="close"),
    }
    if action:
        done = _advisor_action(request, case, action, forms)
        if done:
            return redirect("support_advisors:case", case.pk)
    _record(request, case, "dossier (demande, diagnostic, plan, notes)")
    return render(
        request,
        "support/advisor_case.html",
        {
            "case": case,
            "steps": case.steps.all(),
            "contracts": case.contracts.all(),
            "notes": case.notes.select_related("author"),
            "forms": forms,
            "today": timezone.localdate(),
        },
        status=400 if action else 200,
    )


def _advisor_action(request, case, action, forms) -> bool:
    user = request.user
    try:
        if action == "take":
            services.case_take(case=case, by=user)
            messages.success(request, "Vous suivez cette demande : la personne en est informée.")
            return True
        if action in ("step_done", "contract", "accept"):
            if action == "step_done":
                step = get_object_or_404(PlanStep, case=case, pk=request.POST.get("step"))
                services.step_done(step=step, by=user)
                messages.success(request, "Étape faite.")
            elif action == "contract":
                contract = services.contract_generate(case=case, by=user)
                messages.success(
                    request, f"Contrat version {contract.version} préparé : la personne est invitée à l'accepter."
                )
            else:
                contract = get_object_or_404(Contract, case=case, pk=request.POST.get("contract"))
                services.contract_accept(contract=contract, by=user)
                messages.success(request, "Vous avez accepté le contrat.")
            return True
        form = forms.get(action)
        if form is None or not form.is_valid():
            return False
        data = form.cleaned_data
        if action == "diagnosis":
            services.case_diagnose(case=case, by=user, **data)
            messages.success(request, "Diagnostic enregistré.")
        elif action == "step":
            services.step_add(case=case, by=user, **data)
            messages.success(request, "Étape ajoutée au plan d'action.")
        elif action == "note":
            services.note_add(case=case, body=data["body"], by=user)
            messages.success(request, "Note enregistrée.")
        elif action == "close":
            services.case_close(case=case, outcome=data["outcome"], note=data["note"], by=user)
            messages.success(request, "Accompagnement terminé : la personne en est informée.")
        return True
    except services.SupportError as error:
        form = forms.get(action)
        if form is not None and form.is_bound:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.error(request, error.message)
        return False


@advisor_required
def advisor_contract_pdf(request, pk, contract_pk):
    case = get_object_or_404(cases_visible_to(request.user, SupportCase.objects.all()), pk=pk)
    contract = get_object_or_404(Contract.objects.select_related("case"), case=case, pk=contract_pk)
    _record(request, case, f"contrat d'engagement v{contract.version} (PDF)")
    return _contract_pdf(request, contract)
