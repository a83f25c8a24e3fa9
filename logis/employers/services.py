"""Use cases of the employers' space: sign-up, invitations, the agreement (employer or advisor), priorities.

E-mails leave after the transaction commits (send_email_on_commit). The employer is never told about a demand
whose holder chose not to inform it: such a request is routed to the operator's advisors and never points at the
employer (docs/adr/0003-employer-agreement-split.md).
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from logis.accounts.models import User
from logis.demands.validation import clean_siret
from logis.employers.events import AgreementRequested, agreement_requested
from logis.employers.models import Agreement, EmployerPriorities, Invitation, StaffCategory
from logis.employers.perms import hr_organization, is_advisor
from logis.notifications.email import send_email_on_commit
from logis.organizations.models import Membership, Organization

# Operational limit (not regulation): an invitation link works for seven days.
INVITATION_MAX_AGE = dt.timedelta(days=7)
_INVITATION_SALT = "logis.employers.invitation"


class EmployerError(Exception):
    """A reason a use case cannot go on, worded for the person. `code` lets pages and tests tell them apart."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


# --- sign-up --------------------------------------------------------------------------------------------------


def _email_taken(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def employer_register(
    *,
    siret: str,
    name: str,
    headcount: int,
    is_agricultural: bool,
    pays_peec: bool,
    first_name: str,
    last_name: str,
    email: str,
    naf_code: str = "",
) -> Membership:
    """Create the employer and its first HR member, whose account gets allauth's e-mail confirmation.

    A company already registered is never joined by typing its SIRET: only an invitation from its HR does that.
    The new employer awaits an advisor's check (employer_verify) before its HR receives its employees' requests:
    anyone can type a SIRET, and the requests carry employees' names.
    The account has no password: the confirmation link leads to its creation (logis.accounts.adapter). The caller
    sends allauth's confirmation once the transaction commits (it needs the request to build the link).
    """
    siret = clean_siret(siret)
    email = email.strip().lower()
    if Organization.objects.filter(siret=siret).exists():
        raise EmployerError(
            "Cette entreprise est déjà inscrite sur Logis. Demandez à une personne de son service des ressources "
            "humaines de vous inviter depuis l'espace entreprise (rubrique « Équipe RH »).",
            code="siret_taken",
        )
    if _email_taken(email):
        raise EmployerError(
            "Cette adresse e-mail est déjà celle d'un compte Logis. Indiquez votre adresse professionnelle, ou "
            "connectez-vous avec ce compte si c'est le vôtre.",
            code="email_taken",
        )
    organization = Organization.objects.create(
        kind=Organization.Kind.EMPLOYER,
        name=name.strip(),
        siret=siret,
        headcount=headcount,
        is_agricultural=is_agricultural,
        pays_peec=pays_peec,
        naf_code=naf_code,
        awaiting_verification=True,
    )
    user = User.objects.create_user(
        email=email, first_name=first_name.strip(), last_name=last_name.strip(), kind=User.Kind.PROFESSIONAL
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return Membership.objects.create(user=user, organization=organization, role=Membership.Role.HR)


# --- invitations ----------------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=_INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link carries; EmployerError when the link was altered, has expired or was used."""
    try:
        data = signing.loads(token, salt=_INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        raise EmployerError(
            f"Ce lien d'invitation a expiré : il n'était valable que {INVITATION_MAX_AGE.days} jours. Demandez à "
            "votre collègue de vous inviter à nouveau.",
            code="expired",
        ) from None
    except signing.BadSignature:
        raise EmployerError(
            "Ce lien d'invitation n'est pas valide. Copiez le lien complet depuis l'e-mail reçu, ou demandez une "
            "nouvelle invitation.",
            code="invalid",
        ) from None
    invitation = (
        Invitation.objects.filter(pk=data.get("i"), email=data.get("e")).select_related("organization").first()
    )
    if invitation is None:
        raise EmployerError("Cette invitation n'existe plus. Demandez une nouvelle invitation.", code="invalid")
    if invitation.accepted_at is not None:
        raise EmployerError(
            "Cette invitation a déjà été acceptée. Connectez-vous pour accéder à l'espace entreprise.", code="used"
        )
    return invitation


@transaction.atomic
def invitation_send(*, email: str, by, now: dt.datetime | None = None) -> Invitation:
    """An HR member invites a colleague of the same company by e-mail."""
    now = now or timezone.now()
    organization = hr_organization(by)
    if organization is None:
        raise PermissionError("Only an employer's HR staff invites colleagues.")
    email = email.strip().lower()
    if Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise EmployerError("Cette personne fait déjà partie de l'équipe RH de votre entreprise.", code="member")
    invitation = Invitation.objects.create(organization=organization, email=email, invited_by=by, created_at=now)
    link = settings.SITE_URL.rstrip("/") + reverse("employers:invitation", args=[invitation_token(invitation)])
    send_email_on_commit(
        "employer_invitation",
        to=email,
        key=f"employer_invitation:{invitation.pk}",
        context={
            "organization": organization.name,
            "inviter": by.get_full_name() or by.email,
            "link": link,
            "days": INVITATION_MAX_AGE.days,
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user=None, first_name: str = "", last_name: str = "", now: dt.datetime | None = None
) -> User:
    """Accepting creates the HR membership: for the signed-in owner of the invited address, or for a new account.

    A new account is created with the address verified (the signed link sent to it proves it) and no password: the
    person creates it next (logis.accounts.adapter sends a password-less account to « set password »).
    """
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise EmployerError("Cette invitation a déjà été acceptée.", code="used")
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise EmployerError(
                f"Cette invitation est adressée à {invitation.email}. Déconnectez-vous, puis ouvrez à nouveau "
                "le lien.",
                code="other_account",
            )
        if user.is_applicant:
            raise EmployerError(
                "Ce compte est un compte de demandeur de logement. Demandez à votre collègue d'inviter votre adresse "
                "professionnelle.",
                code="applicant_account",
            )
    else:
        if _email_taken(invitation.email):
            raise EmployerError(
                "Un compte Logis existe déjà pour cette adresse : connectez-vous, puis ouvrez à nouveau le lien.",
                code="login_required",
            )
        user = User.objects.create_user(
            email=invitation.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            kind=User.Kind.PROFESSIONAL,
        )
        EmailAddress.objects.create(user=user, email=invitation.email, primary=True, verified=True)
    Membership.objects.update_or_create(
        user=user,
        organization=invitation.organization,
        defaults={"role": Membership.Role.HR, "is_active": True},
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


# --- the agreement --------------------------------------------------------------------------------------------


def _routing(demand) -> tuple[str, Organization | None]:
    """Employer's HR when the employer is on Logis (and checked) and the holder chose to inform it; else an advisor."""
    employer = demand.employer if demand.employer_id is not None else None
    if employer is not None and demand.inform_employer and not employer.awaiting_verification:
        return Agreement.Handler.EMPLOYER, employer
    return Agreement.Handler.ADVISOR, None


def _hr_emails(organization: Organization) -> list[str]:
    return list(
        Membership.objects.filter(organization=organization, role=Membership.Role.HR, is_active=True)
        .order_by("pk")
        .values_list("user__email", flat=True)
    )


@transaction.atomic
def agreement_request(*, demand, now: dt.datetime | None = None, notify: bool = True) -> Agreement | None:
    """Create or re-route the request for agreement after "Les informations" are saved.

    Same routing as before: the request and its answer stay, except a refusal: the person corrected their
    information as the refusal invited them to, and asks again. Another routing (another employer, or a change of
    mind about informing it): the request starts again, pending, with its new handler. The employer's HR is
    e-mailed a new request (notify=False: demo data, which must not send e-mails).
    """
    now = now or timezone.now()
    if not demand.information_complete:
        return None
    handler, employer = _routing(demand)
    agreement = Agreement.objects.select_for_update().filter(demand=demand).first()
    same_routing = agreement is not None and (agreement.handler, agreement.employer_id) == (
        handler,
        employer and employer.pk,
    )
    if same_routing and agreement.status != Agreement.Status.REFUSED:
        return agreement
    if agreement is None:
        agreement = Agreement(demand=demand)
    agreement.handler = handler
    agreement.employer = employer
    agreement.status = Agreement.Status.PENDING
    agreement.reason = ""
    agreement.requested_at = now
    agreement.decided_at = None
    agreement.decided_by = None
    agreement.staff_category = ""
    agreement.save()
    if notify and handler == Agreement.Handler.EMPLOYER:
        agreement_requested.run(AgreementRequested(agreement=agreement, now=now))
        link = settings.SITE_URL.rstrip("/") + reverse("employers:agreement", args=[agreement.pk])
        for email in _hr_emails(employer):
            send_email_on_commit(
                "employer_agreement_requested",
                to=email,
                key=f"employer_agreement_requested:{agreement.pk}:{now.isoformat()}",
                context={"organization": employer.name, "employee": demand.owner.get_full_name(), "link": link},
            )
    return agreement


def _may_decide(agreement: Agreement, user) -> bool:
    if agreement.handler == Agreement.Handler.EMPLOYER:
        organization = hr_organization(user)
        return (
            organization is not None and Agreement.objects.for_employer(organization).filter(pk=agreement.pk).exists()
        )
    return is_advisor(user)


@transaction.atomic
def agreement_decide(
    *,
    agreement: Agreement,
    given: bool,
    reason: str,
    by,
    staff_category: str = "",
    now: dt.datetime | None = None,
) -> Agreement:
    """The employer's HR (or an advisor, on the advisor path) gives or refuses the agreement; a refusal says why.

    The employer's HR may record the employee's category of staff with its agreement (its category priority in
    the cotation). The applicant is told by e-mail once the decision is saved.
    """
    now = now or timezone.now()
    agreement = Agreement.objects.select_for_update(of=("self",)).select_related("demand__owner").get(pk=agreement.pk)
    if not _may_decide(agreement, by):
        raise PermissionError("This person does not handle this request.")
    if agreement.status != Agreement.Status.PENDING:
        raise EmployerError(
            "Cette demande a déjà reçu une réponse : rechargez la page pour la voir.", code="already_decided"
        )
    reason = (reason or "").strip()
    if not given and not reason:
        raise EmployerError(
            "Indiquez le motif du refus : la personne le lira et pourra y répondre.", code="reason_required"
        )
    agreement.status = Agreement.Status.GIVEN if given else Agreement.Status.REFUSED
    agreement.reason = reason
    agreement.decided_at = now
    agreement.decided_by = by
    if agreement.handler == Agreement.Handler.EMPLOYER and staff_category in StaffCategory.values:
        agreement.staff_category = staff_category
    agreement.save(update_fields=["status", "reason", "decided_at", "decided_by", "staff_category"])
    owner = agreement.demand.owner
    by_employer = agreement.handler == Agreement.Handler.EMPLOYER
    send_email_on_commit(
        "agreement_given" if given else "agreement_refused",
        to=owner.email,
        key=f"agreement_decided:{agreement.pk}:{now.isoformat()}",
        user=owner,
        context={
            "first_name": owner.first_name,
            "decider": agreement.employer.name if by_employer else "un conseiller ou une conseillère Logis",
            "by_employer": by_employer,
            "reason": reason,
            "link": settings.SITE_URL.rstrip("/") + reverse("home:dashboard"),
        },
    )
    return agreement


@transaction.atomic
def agreement_share_consent(*, demand, share: bool, by) -> Agreement:
    """The holder chooses whether the employer's HR sees the step of the application."""
    if by.pk != demand.owner_id:
        raise PermissionError("Only the holder of the demand decides what the employer sees.")
    agreement = Agreement.objects.select_for_update().get(demand=demand)
    agreement.share_application_status = share
    agreement.save(update_fields=["share_application_status"])
    return agreement


# --- priorities -----------------------------------------------------------------------------------------------


@transaction.atomic
def priorities_update(
    *,
    by,
    permanent_contract_first: bool,
    permanent_contract_points: int,
    min_seniority_months: int,
    seniority_points: int,
    staff_categories: list[str],
    category_points: int,
    now: dt.datetime | None = None,
) -> EmployerPriorities:
    organization = hr_organization(by)
    if organization is None:
        raise PermissionError("Only an employer's HR staff sets its priorities.")
    valid = EmployerPriorities.StaffCategory.values  # in the order of the choices, unknown codes dropped
    priorities, _ = EmployerPriorities.objects.update_or_create(
        organization=organization,
        defaults={
            "permanent_contract_first": permanent_contract_first,
            "permanent_contract_points": permanent_contract_points,
            "min_seniority_months": min_seniority_months,
            "seniority_points": seniority_points,
            "staff_categories": [code for code in valid if code in staff_categories],
            "category_points": category_points,
            "updated_at": now or timezone.now(),
            "updated_by": by,
        },
    )
    return priorities


# --- verification of a new employer ---------------------------------------------------------------------------


# Organisations an advisor checks after they signed up on their own: employers (their HR receives employees'
# requests) and estate agencies (they see applicants' files, issue #19).
CHECKED_KINDS = (Organization.Kind.EMPLOYER, Organization.Kind.AGENCY)


@transaction.atomic
def employer_verify(*, organization: Organization, by, now: dt.datetime | None = None) -> int:
    """An advisor confirms that the employer's first HR member does work there (Kbis, professional address), or
    that an estate agency is what it says (SIREN, professional card in the CCI's register).

    The requests of its employees who chose to inform it and that still wait for an answer move to its HR. Returns
    how many moved.
    """
    if not is_advisor(by):
        raise PermissionError("Only the operator's advisors check a new employer.")
    organization = Organization.objects.select_for_update().get(pk=organization.pk, kind__in=CHECKED_KINDS)
    if not organization.awaiting_verification:
        return 0
    organization.awaiting_verification = False
    organization.save(update_fields=["awaiting_verification"])
    if organization.kind == Organization.Kind.AGENCY:
        return 0  # from now on its offers may be published and it sees its applicants (logis.landlords)
    moved = 0
    waiting = (
        Agreement.objects.for_advisors().pending().filter(demand__employer=organization, demand__inform_employer=True)
    )
    for agreement in waiting.select_related("demand__owner", "demand__employer"):
        agreement_request(demand=agreement.demand, now=now)
        moved += 1
    return moved
