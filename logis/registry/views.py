"""The public filing form of a demand ("Déposer une demande de logement social")."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from logis.registry import numbering
from logis.registry.api import mask_email
from logis.registry.communes import commune_label, suggest_communes
from logis.registry.forms import ConfirmForm
from logis.registry.models import RegisteredDemand
from logis.registry.services import registry_demand_file
from logis.registry.wizard import FILED_KEY, STEP_BY_SLUG, STEPS, FilingWizard, progress, summary_sections


@login_not_required
@require_http_methods(["GET", "POST"])
def file_start(request):
    wizard = FilingWizard(request.session)
    if request.method == "POST" and "restart" in request.POST:
        wizard.clear()
        messages.info(
            request, "Les informations saisies ont été effacées : vous pouvez commencer une nouvelle demande."
        )
        return redirect(STEPS[0].url)
    resume_url = None
    if wizard.has_data():
        missing = wizard.first_incomplete()
        resume_url = missing.url if missing else reverse("registry:file_summary")
    return render(request, "registry/file_start.html", {"steps": STEPS, "resume_url": resume_url})


@login_not_required
@require_http_methods(["GET", "POST"])
def file_step(request, step):
    current = STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404
    wizard = FilingWizard(request.session)
    missing = wizard.first_incomplete(before=current)
    if missing is not None:
        messages.info(request, f"Complétez d'abord l'étape « {missing.title} ».")
        return redirect(missing.url)

    position = STEPS.index(current)
    previous_url = STEPS[position - 1].url if position else None
    form_class = current.form_class
    if request.method == "POST":
        form = form_class(data=request.POST)
        going_back = "previous" in request.POST
        if form.is_valid():
            wizard.store(current, form.to_session())
            if "add_member" in request.POST:
                return redirect(f"{current.url}#membres")
            if going_back:
                return redirect(previous_url or "registry:file_start")
            if wizard.is_complete():  # the first time through, or back from "Modifier" on the summary
                return redirect("registry:file_summary")
            return redirect(STEPS[position + 1].url)
        if going_back:
            messages.warning(
                request,
                f"Les informations de l'étape « {current.title} » étaient incomplètes : elles n'ont pas été "
                "enregistrées.",
            )
            return redirect(previous_url or "registry:file_start")
    else:
        initial = form_class.initial_from_session(wizard.stored(current))
        if current.slug == "coordonnees" and not initial and request.user.is_authenticated:
            initial["email"] = request.user.email
        form = form_class(initial=initial)
    return render(
        request,
        current.template_name,
        {
            "step": current,
            "form": form,
            "error_summary": _error_summary(form) if form.is_bound else [],
            "progress": progress(current, wizard),
            "previous_url": previous_url,
            "is_last": position + 1 == len(STEPS),
        },
    )


def _error_summary(form) -> list[dict[str, str]]:
    """The errors of a step, each linked to its field, listed at the top of the page."""

    def items(form, prefix=""):
        for name, errors in form.errors.items():
            if name not in form.fields:
                yield {"label": prefix.strip(" :"), "message": errors[0], "target": ""}
                continue
            bound = form[name]
            target = bound.id_for_label or f"{bound.auto_id}_0"
            yield {"label": f"{prefix}{bound.label}", "message": errors[0], "target": target}

    summary = list(items(form))
    members = getattr(form, "members", None)
    if members is not None:
        summary += [{"label": "", "message": error, "target": "membres"} for error in members.non_form_errors()]
        for position, member in enumerate(members.forms, start=1):
            summary += list(items(member, prefix=f"Personne {position} : "))
    return summary


@login_not_required
@require_http_methods(["GET", "POST"])
def file_summary(request):
    wizard = FilingWizard(request.session)
    if not wizard.has_data():
        if request.method == "POST" and FILED_KEY in request.session:
            messages.info(
                request,
                "Votre demande a déjà été déposée : votre numéro unique vous a été envoyé par e-mail. "
                "Pour une nouvelle demande, recommencez ci-dessous.",
            )
        else:
            messages.info(request, "Aucune demande n'est en cours : commencez par la première étape.")
        return redirect("registry:file_start")
    missing = wizard.first_incomplete()
    if missing is not None:
        messages.info(request, f"Complétez d'abord l'étape « {missing.title} ».")
        return redirect(missing.url)

    form = ConfirmForm(data=request.POST if request.method == "POST" else None)
    if form.is_valid():
        return _file(request, wizard)
    return render(
        request,
        "registry/file_summary.html",
        {"form": form, "sections": summary_sections(wizard.filing_data()), "progress": progress(None, wizard)},
    )


def _file(request, wizard: FilingWizard):
    """File the demand; the session loses the data in the same transaction (a double click files once)."""
    data = wizard.filing_data()
    try:
        with transaction.atomic():
            demand = registry_demand_file(data=data)
            wizard.clear()
            request.session[FILED_KEY] = demand.numero_unique
            request.session.save()
    except IntegrityError:
        # The same filing, submitted twice at the same instant, was recorded by the other request.
        demand = RegisteredDemand.objects.filter(filing_key=data["filing_key"]).first()
        if demand is None:
            raise
        wizard.clear()
        request.session[FILED_KEY] = demand.numero_unique
    except ValidationError as error:
        messages.error(
            request,
            "La demande n'a pas pu être déposée : "
            + " ".join(message for messages_ in error.message_dict.values() for message in messages_)
            + " Vérifiez les étapes concernées.",
        )
        return redirect(STEPS[0].url)
    return redirect("registry:file_done")


@login_not_required
@require_GET
def file_done(request):
    numero = request.session.get(FILED_KEY)
    if not numero:
        return redirect("registry:file_start")
    demand = get_object_or_404(RegisteredDemand.objects.select_related("commune"), numero_unique=numero)
    return render(
        request,
        "registry/file_done.html",
        {
            "demand": demand,
            "numero_display": numbering.format_for_display(demand.numero_unique),
            "masked_email": mask_email(demand.email),
        },
    )


@login_not_required
@require_GET
def commune_suggestions(request):
    """<option>s for the <datalist> of a commune field; the text comes as `q` or under the field's name."""
    text = request.GET.get("q")
    if text is None and request.htmx and request.htmx.trigger_name:
        text = request.GET.get(request.htmx.trigger_name)
    communes = suggest_communes(text or "")
    return render(
        request,
        "registry/includes/_commune_options.html",
        {"options": [commune_label(commune) for commune in communes]},
    )
