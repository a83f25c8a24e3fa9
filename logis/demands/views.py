"""'Ma situation' (import of the register demand with a security code) and 'Les informations'."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from logis.demands import limits, services
from logis.demands.forms import IncomeExceptionForm, InformationForm, NumeroUniqueForm, SecurityCodeForm
from logis.demands.selectors import demand_of, demand_to_update, situation_sections
from logis.registry.numbering import format_for_display, looks_valid
from logis.rules.formatting import euros


def sent_message(challenge, *, again: bool = False) -> str:
    """The one answer to a numéro typed, whether a code went out or not (issue #12: no enumeration)."""
    code = "un nouveau code de sécurité" if again else "un code de sécurité"
    text = (
        f"Si le numéro unique {format_for_display(challenge.numero_unique)} correspond à une demande de logement "
        f"social active qui peut être rattachée à votre compte, {code} vient d'être envoyé à l'adresse e-mail "
        "indiquée dans cette demande."
    )
    if again:
        text += " Le code précédent ne fonctionne plus."
    return text


def _situation_page(request, *, numero_form=None, code_form=None):
    demand = demand_of(request.user)
    context = {
        "demand": demand,
        "challenge": None,
        "numero_form": None,
        "code_form": None,
        "code_ttl_hours": settings.LOGIS_IMPORT_CODE_TTL_HOURS,
    }
    if demand is not None:
        today = timezone.localdate()
        context.update(
            sections=situation_sections(demand),
            demand_expired=demand.expires_on < today or demand.register_status != "active",
            numero_display=format_for_display(demand.numero_unique),
        )
        return render(request, "demands/situation.html", context)
    # A numéro refused by the form (or by the address's budget) is shown back, even over a pending code.
    challenge = services.pending_challenge(request.user) if numero_form is None else None
    if challenge is not None:
        now = timezone.now()
        context.update(
            challenge=challenge,
            challenge_expired=challenge.is_expired(now),
            numero_display=format_for_display(challenge.numero_unique),
            numero_looks_valid=looks_valid(challenge.numero_unique),
            code_form=code_form or SecurityCodeForm(),
        )
    else:
        context["numero_form"] = numero_form or NumeroUniqueForm()
    return render(request, "demands/situation.html", context)


@require_GET
def situation(request):
    return _situation_page(request)


@require_POST
def import_start(request):
    form = NumeroUniqueForm(request.POST)
    if form.is_valid() and not limits.spend_ip(get_adapter().get_client_ip(request)):
        form.add_error(
            "numero_unique",
            "Trop de numéros uniques ont été saisis depuis cette connexion. Patientez une heure avant de réessayer, "
            "ou contactez l'équipe Logis.",
        )
    elif form.is_valid():
        try:
            challenge = services.demand_import_start(
                user=request.user, numero_unique=form.cleaned_data["numero_unique"]
            )
        except services.DemandImportError as error:
            if error.code == "already_linked":  # a stale tab: the page now shows the linked demand
                messages.info(request, error.message)
                return redirect("demands:situation")
            form.add_error("numero_unique", error.message)
        else:
            messages.info(request, sent_message(challenge))
            return redirect("demands:situation")
    return _situation_page(request, numero_form=form)


@require_POST
def import_confirm(request):
    form = SecurityCodeForm(request.POST)
    if form.is_valid():
        try:
            demand = services.demand_import_confirm(user=request.user, code=form.cleaned_data["code"])
        except services.DemandImportError as error:
            if error.code == "wrong_code":
                form.add_error("code", error.message)
                return _situation_page(request, code_form=form)
            messages.error(request, error.message)
            return _situation_page(request)
        messages.success(
            request,
            f"Votre demande n° {format_for_display(demand.numero_unique)} est rattachée à votre compte. "
            "Vérifiez vos données ci-dessous, puis complétez « Les informations ».",
        )
        return redirect("demands:situation")
    return _situation_page(request, code_form=form)


@require_POST
def import_resend(request):
    try:
        challenge = services.demand_import_resend(user=request.user)
    except services.DemandImportError as error:
        messages.error(request, error.message)
    else:
        messages.info(request, sent_message(challenge, again=True))
    return redirect("demands:situation")


@require_POST
def import_abandon(request):
    services.demand_import_abandon(user=request.user)
    messages.info(request, "Vous pouvez saisir un autre numéro unique.")
    return redirect("demands:situation")


@require_POST
def refresh(request):
    demand = demand_of(request.user)
    if demand is None:
        return redirect("demands:situation")
    try:
        services.demand_refresh(demand=demand, by=request.user)
    except services.DemandRefreshError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Votre situation a été mise à jour depuis le registre.")
    return redirect("demands:situation")


def information(request):
    # A valid form is saved and redirects: the page's workplace and employer are read only to show the page.
    demand = demand_to_update(request.user) if request.method == "POST" else demand_of(request.user)
    if demand is None:
        messages.info(
            request, "Importez d'abord votre demande de logement social : « Les informations » la complètent."
        )
        return redirect("demands:situation")
    if request.method == "POST":
        form = InformationForm(request.POST)
        if form.is_valid():
            result = services.demand_update_information(demand=demand, by=request.user, **form.cleaned_data)
            if result.employer is not None:
                messages.success(
                    request, f"Vos informations sont enregistrées. Entreprise reconnue : {result.employer.name}."
                )
            else:
                messages.success(
                    request,
                    "Vos informations sont enregistrées. Votre entreprise n'est pas encore inscrite sur Logis : "
                    "vous pouvez tout de même postuler aux offres.",
                )
            return redirect("demands:information")
    else:
        form = InformationForm(initial=InformationForm.initial_for(demand))
    return render(request, "demands/information.html", {"demand": demand, "form": form})


def _own_income_text(demand) -> str:
    if not demand.income_exception or demand.own_rfr_n2 is None:
        return ""
    text = euros(demand.own_rfr_n2)
    if demand.own_rfr_n1 is not None:
        text += f" (année dernière : {euros(demand.own_rfr_n1)})"
    return text


def income_exception(request):
    """« Ressources : situation particulière »: the applicant declares a divorce, the end of a PACS, a widowhood or
    violence within the couple, gives their own income, and uploads the piece that proves it (documents app)."""
    demand = demand_of(request.user)
    if demand is None:
        messages.info(request, "Importez d'abord votre demande de logement social dans « Ma situation ».")
        return redirect("demands:situation")
    form = IncomeExceptionForm(request.POST or None, initial=IncomeExceptionForm.initial_for(demand))
    if request.method == "POST" and form.is_valid():
        try:
            demand = services.demand_declare_income_exception(
                demand=demand,
                exception=form.cleaned_data["exception"],
                own_rfr_n2=form.cleaned_data["own_rfr_n2"],
                own_rfr_n1=form.cleaned_data["own_rfr_n1"],
                by=request.user,
            )
        except services.IncomeExceptionError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            if not demand.income_exception:
                messages.success(request, "C'est noté : les revenus de tout le foyer comptent.")
            elif demand.income_exception_proven:
                messages.success(request, "Votre situation est enregistrée : seuls vos revenus comptent désormais.")
            else:
                messages.success(
                    request,
                    "Votre situation est enregistrée. Déposez la pièce qui la prouve : seuls vos revenus compteront "
                    "dès qu'elle sera dans votre dossier.",
                )
            return redirect("demands:income_exception")
    return render(
        request,
        "demands/income_exception.html",
        {"demand": demand, "form": form, "own_income": _own_income_text(demand)},
        status=400 if form.errors else 200,
    )
