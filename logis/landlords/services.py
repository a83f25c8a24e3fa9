"""Use cases of the landlord's workspace: the offers an agent publishes, the visit, the signed lease.

Every change of an application's state goes through logis.applications.services.application_transition.
"""

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from logis.accounts.models import User
from logis.applications.models import Application
from logis.applications.services import application_transition
from logis.applications.workflow import ACTIVE_STATES, HOLDS_THE_OFFER, Role, State
from logis.core.text import plural
from logis.landlords.models import Visit
from logis.landlords.private import offer_problems
from logis.landlords.selectors import agent_landlords
from logis.notifications.email import send_email_on_commit
from logis.offers.events import offer_status_saved
from logis.offers.models import Channel, Offer
from logis.organizations.models import Membership, Organization
from logis.rules import private_letting


class WorkspaceError(Exception):
    """A request the workspace refuses, worded for the agent."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class SignupRefused(WorkspaceError):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


def email_taken(email: str) -> bool:
    return (
        User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists()
    )


@transaction.atomic
def lessor_signup_for_an_existing_account(*, email: str, kind: str) -> None:
    """The address of a sign-up already has an account: nothing is created, and only the owner of the address
    learns, by e-mail, that they already have one (no enumeration, issue #12: the same page and the same work, an
    e-mail queued, as a new sign-up)."""
    email = email.strip().lower()
    send_email_on_commit(
        "lessor_signup_existing_account",
        to=email,
        context={
            "agency": kind == "agency",
            "login_url": settings.SITE_URL.rstrip("/") + reverse("account_login"),
        },
        key=f"lessor_signup_existing:{email}:{timezone.localdate().isoformat()}",
    )


def lessor_register(
    *,
    kind: str,
    first_name: str,
    last_name: str,
    email: str,
    name: str = "",
    siren: str = "",
    professional_card: str = "",
) -> Membership:
    """An estate agency or a private owner signs up on its own: the organisation and its first member (role agent),
    whose account gets allauth's e-mail confirmation (no password: the link leads to its creation).

    An agency awaits an advisor's check (logis.employers' verification of new organisations) before it sees any
    applicant: anyone can type a SIREN and a card number, and the applicants' files carry their income. Its offers
    stay drafts until then. A private owner is a person: the organisation bears their name.
    `siren` and `professional_card` come cleaned by the form (logis.demands.validation, logis.rules.private_letting).
    """
    email = email.strip().lower()
    if kind not in (Organization.Kind.AGENCY, Organization.Kind.PRIVATE_OWNER):
        raise SignupRefused("Choisissez agence immobilière ou propriétaire particulier.", code="kind")
    if kind == Organization.Kind.AGENCY and Organization.objects.filter(siren_number=siren).exists():
        raise SignupRefused(
            "Cette agence est déjà inscrite sur Logis. Demandez à l'une des personnes de l'agence qui utilisent "
            "Logis de vous ajouter, ou écrivez à l'équipe Logis.",
            code="siren_taken",
        )
    if email_taken(email):
        raise SignupRefused(
            "Cette adresse e-mail est déjà celle d'un compte Logis : connectez-vous avec ce compte si c'est le vôtre.",
            code="email_taken",
        )
    person = f"{first_name.strip()} {last_name.strip()}".strip()
    organization = Organization.objects.create(
        kind=kind,
        name=name.strip() if kind == Organization.Kind.AGENCY else person,
        siren_number=siren or None,
        professional_card=professional_card,
        awaiting_verification=kind == Organization.Kind.AGENCY,
    )
    user = User.objects.create_user(
        email=email, first_name=first_name.strip(), last_name=last_name.strip(), kind=User.Kind.PROFESSIONAL
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
    return Membership.objects.create(user=user, organization=organization, role=Membership.Role.AGENT)


def _check_agent(by, landlord) -> None:
    if not agent_landlords(by).filter(pk=landlord.pk).exists():
        raise WorkspaceError("Seuls les chargés de clientèle de ce bailleur gèrent ses offres.")


def _next_reference(landlord) -> str:
    count = Offer.objects.filter(landlord=landlord).count() + 1
    while True:
        reference = f"B{landlord.pk}-{count:05d}"
        if not Offer.objects.filter(reference=reference).exists():
            return reference
        count += 1


@transaction.atomic
def offer_create(*, landlord, data: dict, by, now: dt.datetime | None = None) -> Offer:
    """A draft offer of `landlord` from the cleaned data of the offer form; published after the preview."""
    _check_agent(by, landlord)
    data = {name: value for name, value in data.items() if name != "rent_regime"}
    channel = Channel.PRIVATE if landlord.lets_privately else Channel.SOCIAL
    offer = Offer(landlord=landlord, status=Offer.Status.DRAFT, channel=channel, **data)
    _check_private(offer, now=now)
    if not offer.reference:
        offer.reference = _next_reference(landlord)
    offer.lat, offer.lng = offer.commune.lat, offer.commune.lng
    offer.save()
    return offer


def _check_private(offer: Offer, *, now: dt.datetime | None = None) -> None:
    """A private letting within the caps of the law (logis.rules.private_letting), else WorkspaceError with them."""
    problems = offer_problems(offer, today=timezone.localdate(now or timezone.now()))
    if problems:
        raise WorkspaceError(" ".join(problem.message for problem in problems))


@transaction.atomic
def offer_update(*, offer: Offer, data: dict, by) -> Offer:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _check_agent(by, offer.landlord)
    if offer.status == Offer.Status.CLOSED:
        raise WorkspaceError("Une offre clôturée ne se modifie plus.")
    for name, value in data.items():
        if name != "rent_regime":
            setattr(offer, name, value)
    _check_private(offer)
    offer.lat, offer.lng = offer.commune.lat, offer.commune.lng
    offer.save()
    return offer


# The actions on an offer's status: (allowed from, to).
OFFER_ACTIONS = {
    "publish": ({Offer.Status.DRAFT, Offer.Status.SUSPENDED}, Offer.Status.PUBLISHED),
    "suspend": ({Offer.Status.PUBLISHED}, Offer.Status.SUSPENDED),
    "close": ({Offer.Status.DRAFT, Offer.Status.PUBLISHED, Offer.Status.SUSPENDED}, Offer.Status.CLOSED),
}


@transaction.atomic
def offer_set_status(*, offer: Offer, action: str, by, now: dt.datetime | None = None) -> Offer:
    """Publish (or resume), suspend (no new application) or close an offer.

    An offer with files in progress does not close by hand: the signed lease closes it, or the agent first
    sets the files aside with a reason, which each applicant receives.
    """
    now = now or timezone.now()
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    _check_agent(by, offer.landlord)
    if action not in OFFER_ACTIONS:
        raise WorkspaceError("Action inconnue.")
    sources, target = OFFER_ACTIONS[action]
    if offer.status not in sources:
        raise WorkspaceError(f"Impossible : l'offre est « {offer.get_status_display().lower()} ».")
    if target == Offer.Status.PUBLISHED and offer.landlord.awaiting_verification:
        raise WorkspaceError(
            "Un conseiller ou une conseillère Logis vérifie encore votre agence (SIREN, carte professionnelle) : "
            "l'offre sera publiable dès cette vérification faite. Elle reste enregistrée en brouillon."
        )
    if target == Offer.Status.PUBLISHED:
        _check_private(offer, now=now)  # the energy classes excluded change with the date
    if target == Offer.Status.CLOSED:
        in_progress = Application.objects.filter(offer=offer, state__in=sorted(s.value for s in ACTIVE_STATES)).count()
        if in_progress:
            raise WorkspaceError(
                f"{plural(in_progress, 'candidature')} {'sont' if in_progress > 1 else 'est'} en cours sur cette "
                "offre : la signature du bail clôture l'offre. "
                "Pour la retirer avant, ne retenez d'abord pas ces dossiers, en indiquant la raison."
            )
    previous = offer.status
    offer.status = target
    fields = ["status"]
    if target == Offer.Status.PUBLISHED and offer.published_at is None:
        offer.published_at = now
        fields.append("published_at")
    offer.save(update_fields=fields)
    offer_status_saved(offer, previous=previous)
    return offer


@transaction.atomic
def home_propose(*, application: Application, answer_days: int, by, now: dt.datetime | None = None) -> Application:
    """A private letting (no CALEOL): the owner or the agency proposes the home to the candidate it chose, who
    answers within `answer_days` days (logis.rules.private_letting's bounds). One candidate holds the proposal at a
    time: another one is proposed the home once the first refused, let the delay pass or withdrew."""
    offer = Offer.objects.select_for_update().get(pk=application.offer_id)
    _check_agent(by, offer.landlord)
    try:
        private_letting.answer_days(answer_days)
    except ValueError as error:
        raise WorkspaceError(str(error)) from None
    holder = (
        Application.objects.filter(offer=offer, state__in=sorted(s.value for s in HOLDS_THE_OFFER))
        .exclude(pk=application.pk)
        .select_related("demand__owner")
        .first()
    )
    if holder is not None:
        raise WorkspaceError(
            f"Le logement est déjà proposé à {holder.demand.owner.get_full_name()} (étape « {holder.state_label} ») : "
            "attendez sa réponse, ou la fin de son délai, avant de le proposer à quelqu'un d'autre."
        )
    return application_transition(
        application=application,
        name="propose",
        by=by,
        role=Role.LANDLORD_AGENT,
        answer_days=answer_days,
        comment=f"Délai de réponse fixé par {offer.landlord.name} : {plural(answer_days, 'jour')}.",
        now=now,
    )


@transaction.atomic
def visit_schedule(
    *, application: Application, at: dt.datetime, meeting_point: str = "", by, now: dt.datetime | None = None
) -> Visit:
    """The agent sets the date and time of the visit; the applicant receives them by e-mail."""
    now = now or timezone.now()
    if at <= now:
        raise WorkspaceError("Choisissez une date de visite à venir.")
    name = "reschedule_visit" if application.state == State.VISIT_SCHEDULED.value else "schedule_visit"
    when = date_format(timezone.localtime(at), "l j F Y à H\\hi")
    comment = f"Visite le {when}" + (f", rendez-vous : {meeting_point.strip()}." if meeting_point.strip() else ".")
    application_transition(
        application=application, name=name, by=by, role=Role.LANDLORD_AGENT, comment=comment, now=now
    )
    visit, _created = Visit.objects.update_or_create(
        application=application,
        defaults={"at": at, "meeting_point": meeting_point.strip(), "scheduled_by": by, "scheduled_at": now},
    )
    return visit


def _check_lease_after_visit(*, application: Application, signed_on: dt.date, now: dt.datetime) -> None:
    """A lease follows the visit of the dwelling: it is recorded once the visit has taken place, and signed on
    the visit's day or later (issue #15: a lease was recorded days before the visit)."""
    visit = Visit.objects.filter(application=application).first()
    if visit is None:
        return
    visit_at = timezone.localtime(visit.at)
    when = date_format(visit_at, "l j F Y à H\\hi")
    if visit_at > timezone.localtime(now):
        raise WorkspaceError(f"La visite est prévue le {when} : le bail s'enregistre après la visite, une fois signé.")
    if signed_on < visit_at.date():
        raise WorkspaceError(
            f"Le bail ne peut pas avoir été signé avant la visite du {when} : indiquez la date de signature "
            "inscrite sur le bail, le jour de la visite ou après."
        )


def lease_sign(*, application: Application, signed_on: dt.date, by, now: dt.datetime | None = None) -> Application:
    """The lease is signed: the offer closes and the register records the attribution (in the transition)."""
    _check_lease_after_visit(application=application, signed_on=signed_on, now=now or timezone.now())
    label = date_format(signed_on, "j F Y")
    return application_transition(
        application=application,
        name="sign_lease",
        by=by,
        role=Role.LANDLORD_AGENT,
        comment=f"Bail signé le {label}.",
        now=now,
    )
