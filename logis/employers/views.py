"""The employer's space (/entreprise/), the advisors' queue (/conseiller/) and the applicant's consent.

Every object of the employer's pages is read through a queryset scoped to the person's company
(Agreement.objects.for_employer), then get_object_or_404: another company's request is a 404.
"""

from functools import partial, wraps

from allauth.account.models import EmailAddress
from allauth.account.utils import perform_login
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from logis.audit.services import Purpose, record_read
from logis.demands.selectors import demand_of
from logis.employers import selectors, services
from logis.employers.forms import (
    DecisionForm,
    EmployerDecisionForm,
    EmployerSignupForm,
    InvitationAcceptForm,
    InvitationForm,
    PrioritiesForm,
    ShareConsentForm,
)
from logis.employers.models import Agreement, EmployerPriorities, Invitation
from logis.employers.perms import hr_organization, is_advisor
from logis.notifications.email import send_email_on_commit
from logis.organizations.models import Membership, Organization
from logis.organizations.roles import Role

PAGE_SIZE = 25


def hr_required(view):
    """The view gets the company of the signed-in HR member; anyone else gets a 404 (no hint the page exists)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        organization = hr_organization(request.user)
        if organization is None:
            raise Http404("Pas d'espace entreprise pour ce compte.")
        return view(request, organization, *args, **kwargs)

    return wrapper


def advisor_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_advisor(request.user):
            raise Http404("Pas de file de conseiller pour ce compte.")
        return view(request, *args, **kwargs)

    return wrapper


# --- sign-up and invitations (public pages) -------------------------------------------------------------------


def _signup_done_for_an_existing_account(request, data):
    """The address already has an account: the page says what it says to anyone (no enumeration, issue #12), and
    only the owner of the address learns, by e-mail, that they already have an account and how to go on. Nothing
    is created."""
    send_email_on_commit(
        "employer_signup_existing_account",
        to=data["email"].strip().lower(),
        context={
            "company": data["name"].strip(),
            "login_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
        },
        key=f"employer_signup_existing:{data['email'].strip().lower()}:{data['siret']}",
    )
    organization = Organization(
        kind=Organization.Kind.EMPLOYER,
        name=data["name"].strip(),
        headcount=data["headcount"],
        is_agricultural=data["is_agricultural"],
        pays_peec=data["pays_peec"],
    )
    return render(
        request,
        "employers/signup_done.html",
        {
            "organization": organization,
            "email": data["email"].strip().lower(),
            "verdict": selectors.employer_verdict(organization),
        },
    )


@login_not_required
def signup(request):
    if request.user.is_authenticated:
        return redirect("home:dashboard")
    form = EmployerSignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.employer_register(**form.cleaned_data)
        except services.EmployerError as error:
            if error.code == "email_taken":
                return _signup_done_for_an_existing_account(request, form.cleaned_data)
            form.add_error("siret" if error.code == "siret_taken" else "email", error.message)
        except ValidationError as error:
            form.add_error("siret", error)
        else:
            organization = membership.organization
            address = EmailAddress.objects.get(user=membership.user, email=membership.user.email)
            transaction.on_commit(partial(_send_confirmation, request, address))
            return render(
                request,
                "employers/signup_done.html",
                {
                    "organization": organization,
                    "email": membership.user.email,
                    "verdict": selectors.employer_verdict(organization),
                },
            )
    return render(request, "employers/signup.html", {"form": form})


@login_not_required
def invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except services.EmployerError as error:
        return render(request, "employers/invitation_invalid.html", {"message": error.message}, status=400)
    user = request.user if request.user.is_authenticated else None
    form = None if user else InvitationAcceptForm(request.POST or None)
    error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            accepted_by = services.invitation_accept(
                invitation=invitation, user=user, **(form.cleaned_data if form else {})
            )
        except services.EmployerError as exc:
            error = exc.message
        else:
            messages.success(request, f"Vous avez rejoint l'équipe RH de {invitation.organization.name} sur Logis.")
            if user is None:
                # The signed link proved the address: sign in, then allauth's adapter asks for a password first.
                return perform_login(request, accepted_by, email=accepted_by.email, redirect_url=_dashboard_url())
            return redirect("employers:dashboard")
    return render(
        request,
        "employers/invitation.html",
        {"invitation": invitation, "form": form, "error": error, "login_url": _login_url(request)},
    )


def _send_confirmation(request, address) -> None:
    """allauth's confirmation e-mail (as for an applicant's sign-up), in allauth's request context."""
    with allauth_context.request_context(request):
        address.send_confirmation(request, signup=True)


def _dashboard_url() -> str:
    return reverse("employers:dashboard")


def _login_url(request) -> str:
    return f"{reverse('account_login')}?next={request.path}"


# --- the employer's space ---------------------------------------------------------------------------------------


@hr_required
def dashboard(request, organization):
    agreements = selectors.employer_agreements(organization)
    return render(
        request,
        "employers/dashboard.html",
        {
            "organization": organization,
            "verdict": selectors.employer_verdict(organization),
            "figures": selectors.employer_dashboard_figures(organization),
            "pending": list(agreements.filter(status=Agreement.Status.PENDING)[:10]),
            "has_priorities": EmployerPriorities.objects.filter(organization=organization).exists(),
        },
    )


@hr_required
def agreements(request, organization):
    status = request.GET.get("statut", "")
    queryset = selectors.employer_agreements(organization)
    if status in Agreement.Status.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    steps = selectors.application_steps_for_employer(page.object_list)
    rows = [{"agreement": agreement, "step": steps[agreement.pk]} for agreement in page]
    return render(
        request,
        "employers/agreements.html",
        {"organization": organization, "page": page, "rows": rows, "status": status, "statuses": Agreement.Status},
    )


@hr_required
def agreement(request, organization, pk):
    agreement = get_object_or_404(selectors.employer_agreements(organization), pk=pk)
    form = EmployerDecisionForm(request.POST or None)
    if request.method == "POST" and agreement.status == Agreement.Status.PENDING and form.is_valid():
        try:
            services.agreement_decide(
                agreement=agreement,
                given=form.given,
                reason=form.cleaned_data["reason"],
                staff_category=form.cleaned_data["staff_category"],
                by=request.user,
            )
        except services.EmployerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Votre réponse est enregistrée ; la personne en est informée par e-mail.")
        return redirect("employers:agreement", pk=agreement.pk)
    record_read(
        request,
        subject=agreement.demand,
        what="Demande d'accord à l'employeur : identité, matricule, date d'entrée",
        purpose=Purpose.EMPLOYER_AGREEMENT,
        role=Role.HR,
        organization=organization,
    )
    return render(
        request,
        "employers/agreement.html",
        {
            "organization": organization,
            "agreement": agreement,
            "step": selectors.application_step_for_employer(agreement),
            "form": form,
        },
    )


@hr_required
def priorities(request, organization):
    instance = EmployerPriorities.objects.filter(organization=organization).first()
    form = PrioritiesForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in PrioritiesForm.Meta.fields}
        services.priorities_update(by=request.user, **data)
        messages.success(request, "Vos priorités sont enregistrées : elles comptent dans la cotation des demandes.")
        return redirect("employers:priorities")
    return render(request, "employers/priorities.html", {"organization": organization, "form": form})


@hr_required
def team(request, organization):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_send(email=form.cleaned_data["email"], by=request.user)
        except services.EmployerError as error:
            form.add_error("email", error.message)
        else:
            messages.success(request, f"Une invitation a été envoyée à {form.cleaned_data['email']}.")
            return redirect("employers:team")
    members = (
        Membership.objects.filter(organization=organization, role=Membership.Role.HR, is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    pending = Invitation.objects.filter(organization=organization, accepted_at=None).order_by("-created_at")[:20]
    return render(
        request,
        "employers/team.html",
        {
            "organization": organization,
            "members": members,
            "invitations": pending,
            "form": form,
            "max_age_days": services.INVITATION_MAX_AGE.days,
        },
    )


# --- the applicant's consent ------------------------------------------------------------------------------------


@require_POST
def share_consent(request):
    demand = demand_of(request.user)
    if demand is None:
        raise Http404("Aucune demande.")
    get_object_or_404(Agreement.objects.filter(handler=Agreement.Handler.EMPLOYER), demand=demand)
    form = ShareConsentForm(request.POST)
    form.is_valid()
    share = form.cleaned_data.get("share_application_status", False)
    services.agreement_share_consent(demand=demand, share=share, by=request.user)
    if share:
        messages.success(request, "Votre employeur peut désormais voir l'étape de votre candidature.")
    else:
        messages.success(request, "Votre employeur ne voit plus l'étape de votre candidature.")
    return redirect("home:dashboard")


# --- the advisors' queue ----------------------------------------------------------------------------------------


@advisor_required
def advisor_queue(request):
    queryset = selectors.advisor_agreements()
    pending = queryset.filter(status=Agreement.Status.PENDING)
    decided = queryset.exclude(status=Agreement.Status.PENDING).order_by("-decided_at", "-pk")
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employers/advisor_queue.html", {"page": page, "decided": decided[:20]})


@advisor_required
def advisor_agreement(request, pk):
    agreement = get_object_or_404(selectors.advisor_agreements(), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and agreement.status == Agreement.Status.PENDING and form.is_valid():
        try:
            services.agreement_decide(
                agreement=agreement, given=form.given, reason=form.cleaned_data["reason"], by=request.user
            )
        except services.EmployerError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "La réponse est enregistrée ; la personne en est informée par e-mail.")
        return redirect("advisors:agreement", pk=agreement.pk)
    record_read(
        request,
        subject=agreement.demand,
        what="Demande d'accord suivie par un conseiller : identité, emploi",
        purpose=Purpose.ADVISOR_SUPPORT,
        role=Role.ADVISOR,
        organization="Logis",
    )
    return render(request, "employers/advisor_agreement.html", {"agreement": agreement, "form": form})


@advisor_required
def advisor_employers(request):
    """New employers whose first HR member an advisor checks before they receive their employees' requests, and new
    estate agencies checked before they see any applicant (issue #19): the same check, one queue."""
    waiting_q = Organization.objects.filter(kind__in=services.CHECKED_KINDS, awaiting_verification=True)
    if request.method == "POST":
        pk = request.POST.get("organization", "")
        if not pk.isdigit():
            raise Http404("Organisation inconnue.")
        organization = get_object_or_404(waiting_q, pk=pk)
        moved = services.employer_verify(organization=organization, by=request.user)
        if organization.kind == Organization.Kind.AGENCY:
            messages.success(
                request, f"{organization.name} est vérifiée : elle peut publier ses offres et voir ses candidats."
            )
        else:
            messages.success(
                request,
                f"{organization.name} est vérifiée : son service RH reçoit désormais les demandes d'accord "
                f"({moved} demande{'s' if moved > 1 else ''} transmise{'s' if moved > 1 else ''}).",
            )
        return redirect("advisors:employers")
    waiting = list(
        waiting_q.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(role__in=[Membership.Role.HR, Membership.Role.AGENT])
                .select_related("user")
                .order_by("pk"),
                to_attr="hr_memberships",
            )
        ).order_by("created_at", "pk")
    )
    return render(
        request,
        "employers/advisor_employers.html",
        {
            "waiting": [o for o in waiting if o.kind == Organization.Kind.EMPLOYER],
            "agencies": [o for o in waiting if o.kind == Organization.Kind.AGENCY],
        },
    )
