""" "Je postule" and "Mes candidatures"."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from logis.applications.forms import RefuseForm, WithdrawForm
from logis.applications.models import Application
from logis.applications.selectors import applications_of_applicant
from logis.applications.services import (
    ApplicationError,
    application_locked,
    application_submit,
    application_transition,
)
from logis.applications.workflow import Role, State, TransitionNotAllowed
from logis.demands.selectors import demand_of
from logis.offers.models import Offer

PAGE_SIZE = 10


def _anchor(application) -> str:
    return f"{reverse('applications:list')}#candidature-{application.pk}"


def _error_message(error: ApplicationError):
    if not error.action_url:
        return error.message
    label = error.action_label or "Voir"
    return format_html('{} <a href="{}">{}</a>', error.message, reverse(error.action_url), label)


@require_GET
def application_list(request):
    demand = demand_of(request.user)
    page = Paginator(applications_of_applicant(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    if demand is not None:  # every application of the page is of this demand (one per account): read once
        demand.owner = request.user
        page.object_list = list(page.object_list)
        for application in page.object_list:
            if application.demand_id == demand.pk:
                application.demand = demand
    # Each application in progress shows its cotation (score, positionnement, délai moyen: R441-2-10 CCH), which
    # the template loads from logis.scoring ({% load cotation %}).
    return render(request, "applications/list.html", {"demand": demand, "page": page})


@require_POST
def application_apply(request, offer_pk):
    # Published offers only, which every person may see (no other scope to add). The commune: the effects name it
    # in the applicant's e-mail.
    offer = get_object_or_404(Offer.objects.live().select_related("commune"), pk=offer_pk)
    demand = demand_of(request.user)
    if demand is None:
        messages.error(
            request,
            format_html(
                'Pour postuler, importez d\'abord votre demande de logement social. <a href="{}">{}</a>',
                reverse("demands:situation"),
                "Ouvrir « Ma situation »",
            ),
        )
        return redirect("offers:detail", pk=offer.pk)
    try:
        submission = application_submit(demand=demand, offer=offer, by=request.user)
    except ApplicationError as error:
        messages.error(request, _error_message(error))
        return redirect("offers:detail", pk=offer.pk)
    if submission.created:
        messages.success(
            request,
            f"Votre candidature pour « {offer.title} » est envoyée au bailleur. Vous suivrez ici chaque étape "
            "de son examen, et nous vous écrirons par e-mail à chacune.",
        )
    else:
        messages.info(request, f"Vous avez déjà postulé à « {offer.title} » : voici votre candidature.")
    return redirect(_anchor(submission.application))


def application_withdraw(request, pk):
    if request.method == "POST":
        # One read: the applicant's own application (anyone else's is not found), locked for the transition.
        try:
            application = application_locked(Application.objects.filter(demand__owner=request.user), pk)
        except Application.DoesNotExist:
            raise Http404 from None
    else:
        # Neither the form nor the redirect shows the history: no prefetch of the transitions.
        application = get_object_or_404(applications_of_applicant(request.user).prefetch_related(None), pk=pk)
    if not application.is_active:
        messages.info(request, "Cette candidature n'est plus en cours : il n'y a rien à retirer.")
        return redirect(_anchor(application))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_transition(
                application=application,
                name="withdraw",
                by=request.user,
                role=Role.APPLICANT,
                comment=form.cleaned_data["comment"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Votre candidature pour « {application.offer.title} » est retirée. Vous pouvez postuler à une "
                "autre offre.",
            )
        return redirect(_anchor(application))
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


# The applicant's answer to the dwelling offered after the CALEOL (CCH R441-10): accept here; a refusal is
# confirmed on its own page, with its reason (application_refuse).
ANSWERS = {
    "accept": "Vous avez accepté le logement « {title} ». Le bailleur vous proposera une date de visite.",
}


def _what_followed_the_refusal(application) -> str:
    """What happened to the dwelling after the refusal, read from the applications themselves."""
    passed_on = (
        Application.objects.filter(offer_id=application.offer_id, state=State.OFFER_MADE.value)
        .exclude(pk=application.pk)
        .exists()
    )
    if passed_on:
        return "Il est maintenant proposé au candidat suivant classé par la commission d'attribution."
    return (
        "La commission n'a classé aucun autre candidat pour ce logement : il revient au bailleur, qui pourra le "
        "présenter à une prochaine commission avec d'autres demandeurs."
    )


def application_refuse(request, pk):
    """Refusing the dwelling offered: the applicant confirms, gives a reason, and reads what follows."""
    application = get_object_or_404(applications_of_applicant(request.user), pk=pk)
    if application.state != "offer_made":
        messages.info(request, "Ce logement ne vous est plus proposé : il n'y a rien à refuser.")
        return redirect(_anchor(application))
    form = RefuseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_transition(
                application=application,
                name="refuse",
                by=request.user,
                role=Role.APPLICANT,
                comment=form.cleaned_data["comment"],
                reason_category=form.cleaned_data["category"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            followed = _what_followed_the_refusal(application)
            messages.success(request, f"Vous avez refusé le logement « {application.offer.title} ». {followed}")
        return redirect(_anchor(application))
    context = {"application": application, "form": form}
    return render(request, "applications/refuse.html", context, status=400 if form.errors else 200)


@require_POST
def application_answer(request, pk, answer):
    application = get_object_or_404(applications_of_applicant(request.user).prefetch_related(None), pk=pk)
    if answer == "refuse":  # an old page or no JavaScript: the refusal is confirmed on its page
        return redirect("applications:refuse", pk=pk)
    if answer not in ANSWERS:
        raise Http404
    try:
        application_transition(application=application, name=answer, by=request.user, role=Role.APPLICANT)
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ANSWERS[answer].format(title=application.offer.title))
    return redirect(_anchor(application))
