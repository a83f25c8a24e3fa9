"""Use cases of homes to buy: a person sends their interest to the seller, withdraws it; the seller answers.

Not applications (docs/adr/0015): no commission, no « one application at a time ». The states and who may move
them are declared in `logis.offers.purchase_workflow`.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from logis.notifications.email import send_email_on_commit
from logis.offers.models import Offer, PurchaseInterest
from logis.offers.purchase import buyer_of, purchase_verdict
from logis.offers.purchase_workflow import (
    MAX_OPEN_INTERESTS,
    OPEN_STATES,
    Role,
    TransitionNotAllowed,
    check_transition,
)
from logis.organizations.models import Membership
from logis.rules.formatting import euros


class PurchaseError(Exception):
    """A request about a home to buy that Logis refuses, worded for the person."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Sent:
    interest: PurchaseInterest
    created: bool  # False: the same interest was already open (a double click): this is that one


def _open(qs):
    return qs.filter(state__in=[s.value for s in OPEN_STATES])


def shared_information(demand, offer: Offer, *, today: dt.date) -> dict:
    """What the seller receives, shown to the person before they consent (and stored as it was sent)."""
    buyer = buyer_of(demand, today)
    verdict = purchase_verdict(demand, offer, today=today)
    owner = demand.owner
    return {
        "name": owner.get_full_name() or owner.email,
        "email": owner.email,
        "household_size": buyer.household_size,
        "reference_income": buyer.reference_income,
        "income_year": buyer.income_year,
        "social_tenant": buyer.social_tenant,
        "summary": verdict.summary,
        "checks": [check.message for check in (*verdict.verdict.checks, *verdict.verdict.warnings)],
    }


def shared_lines(shared: dict) -> list[tuple[str, str]]:
    """The shared information as (label, value) lines, for the person's consent and the seller's page."""
    size = shared["household_size"]
    return [
        ("Nom", shared["name"]),
        ("Adresse e-mail", shared["email"]),
        ("Personnes au foyer", f"{size} personne{'s' if size > 1 else ''}"),
        (
            f"Revenu fiscal de référence {shared['income_year']} du foyer",
            euros(shared["reference_income"]),
        ),
        ("Locataire d'un logement social", "oui" if shared["social_tenant"] else "non"),
        ("Verdict de Logis", shared["summary"]),
    ]


@transaction.atomic
def purchase_interest_send(
    *, offer: Offer, demand, message: str, consent: bool, by, now: dt.datetime | None = None
) -> Sent:
    """Send the person's interest in a home to buy to its seller, with their consent to share `shared_information`.

    Refused when the home is not for sale or not live, without consent, when the buyer's rules refuse (above the
    PSLA / BRS ceiling, or a vente HLM still reserved to priority buyers), or past MAX_OPEN_INTERESTS open ones.
    A second send of an open interest returns it (created False); the database keeps one open per person and home.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if demand is None or by.pk != demand.owner_id:
        raise PurchaseError("Seul le titulaire de la demande peut dire son intérêt.", code="forbidden")
    if not offer.is_for_sale:
        raise PurchaseError("Ce logement est à louer : postulez depuis sa page.", code="not_for_sale")
    if offer.status != Offer.Status.PUBLISHED:
        raise PurchaseError("Ce logement n'est plus proposé à la vente.", code="offer_closed")
    if not consent:
        raise PurchaseError(
            "Cochez la case pour accepter la transmission de vos informations au vendeur.", code="no_consent"
        )
    mine = PurchaseInterest.objects.select_for_update().filter(applicant=by)
    existing = _open(mine.filter(offer=offer)).first()
    if existing is not None:
        return Sent(existing, created=False)
    if _open(mine).count() >= MAX_OPEN_INTERESTS:
        raise PurchaseError(
            f"Vous avez déjà dit votre intérêt pour {MAX_OPEN_INTERESTS} logements à acheter sans réponse : "
            "retirez-en un pour en ajouter un autre.",
            code="too_many",
        )
    verdict = purchase_verdict(demand, offer, today=today)
    if not verdict.eligible:
        raise PurchaseError(
            "Vous ne pouvez pas dire votre intérêt pour ce logement : "
            + " ".join(f"{check.message.rstrip('.')}." for check in verdict.verdict.failures),
            code="ineligible",
        )
    try:
        with transaction.atomic():
            interest = PurchaseInterest.objects.create(
                offer=offer,
                applicant=by,
                message=message.strip(),
                shared=shared_information(demand, offer, today=today),
                consent_at=now,
            )
    except IntegrityError:
        # Two sends at once: the partial unique constraint kept the first one.
        return Sent(_open(PurchaseInterest.objects.filter(applicant=by, offer=offer)).get(), created=False)
    _tell_the_seller(interest)
    return Sent(interest, created=True)


def _tell_the_seller(interest: PurchaseInterest) -> None:
    """Each active agent of the seller is told that an interest arrived, once it commits. The e-mail names neither
    the person nor what they shared (income, household): the agent reads them signed in, where the read is audited."""
    memberships = Membership.objects.filter(
        organization_id=interest.offer.landlord_id, is_active=True, role=Membership.Role.AGENT, user__is_active=True
    ).select_related("user")
    for agent in {membership.user for membership in memberships}:
        send_email_on_commit(
            "purchase_interest_received",
            to=agent.email,
            context={
                "first_name": agent.first_name,
                "offer": interest.offer,
                "link": reverse("landlords:offer_interests", args=[interest.offer_id]),
            },
            key=f"purchase_interest_received:{interest.pk}",
            user=agent,
        )


@transaction.atomic
def purchase_interest_withdraw(*, interest: PurchaseInterest, by) -> PurchaseInterest:
    interest = PurchaseInterest.objects.select_for_update().get(pk=interest.pk)
    if interest.applicant_id != by.pk:
        raise PurchaseError("Seule la personne qui l'a envoyé peut retirer cet intérêt.", code="forbidden")
    try:
        transition = check_transition("withdraw", interest.state, Role.APPLICANT)
    except TransitionNotAllowed as error:
        raise PurchaseError(error.message, code="not_allowed") from None
    interest.state = transition.target.value
    interest.save(update_fields=["state"])
    return interest


@transaction.atomic
def purchase_interest_answer(
    *, interest: PurchaseInterest, answer: str, by, now: dt.datetime | None = None
) -> PurchaseInterest:
    """The seller's agent answers (a visit, a next step, or why not): the person is told by e-mail."""
    interest = PurchaseInterest.objects.select_for_update().select_related("offer", "applicant").get(pk=interest.pk)
    if not by.memberships.filter(is_active=True, organization_id=interest.offer.landlord_id).exists():
        raise PurchaseError("Seuls les chargés de clientèle de ce bailleur répondent à cet intérêt.", code="forbidden")
    answer = " ".join(answer.split()) if answer else ""
    if not answer:
        raise PurchaseError("Écrivez votre réponse : elle est envoyée à la personne.", code="empty_answer")
    try:
        transition = check_transition("answer", interest.state, Role.LANDLORD)
    except TransitionNotAllowed as error:
        raise PurchaseError(error.message, code="not_allowed") from None
    interest.state = transition.target.value
    interest.answer = answer
    interest.answered_at = now or timezone.now()
    interest.save(update_fields=["state", "answer", "answered_at"])
    send_email_on_commit(
        "purchase_interest_answered",
        to=interest.applicant.email,
        context={
            "first_name": interest.applicant.first_name,
            "offer": interest.offer,
            "answer": answer,
            "link": reverse("offers:detail", args=[interest.offer_id]),
        },
        key=f"purchase_interest_answered:{interest.pk}",
        user=interest.applicant,
    )
    return interest
