"""Use cases of the applications: "Je postule" and every later step of the workflow.

application_transition is the only code that changes an application's state; it applies the table of
logis/applications/workflow.py, then runs the effects registered for the transition (logis.applications.effects:
the applicant's e-mail, the dwelling passed on, the offer closed after a lease, and what other apps registered).
"""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from logis.applications import conditions, reasons, workflow
from logis.applications.effects import TransitionEvent, transition_effects
from logis.applications.models import Application, TransitionLog
from logis.applications.perms import holds_role
from logis.applications.workflow import Role, State, Transition, TransitionNotAllowed
from logis.core.transactions import Mark
from logis.eligibility.models import LandlordPolicy
from logis.eligibility.services import offer_verdict
from logis.offers.models import Offer
from logis.rules import deadlines, private_letting


class ApplicationError(Exception):
    """Why the applicant cannot apply, worded for them, with the page that resolves it when there is one."""

    def __init__(self, message: str, *, code: str, action_url: str = "", action_label: str = ""):
        super().__init__(message)
        self.message = message
        self.code = code
        self.action_url = action_url  # a URL name
        self.action_label = action_label


@dataclass(frozen=True)
class Submission:
    application: Application
    created: bool  # False: the same offer was already applied to (double click), this is that application


def _check_can_apply(*, demand, offer: Offer, today: dt.date) -> None:
    if offer.is_for_sale:
        # A home to buy is not allocated by the commission: one says one's interest to its landlord (ADR 0015).
        raise ApplicationError(
            "Ce logement est à acheter : il ne s'attribue pas par une candidature. Dites votre intérêt au "
            "bailleur depuis la page de l'offre.",
            code="offer_for_sale",
            action_url="offers:list",
        )
    # The social register's demand matters for social offers only: a private letting needs none (issue #19).
    if not offer.is_private and (demand.register_status != "active" or demand.expires_on < today):
        raise ApplicationError(
            "Votre demande de logement social n'est plus valable : renouvelez-la, puis mettez à jour "
            "« Ma situation ».",
            code="demand_expired",
            action_url="demands:situation",
            action_label="Ouvrir « Ma situation »",
        )
    if not demand.information_complete:
        raise ApplicationError(
            "Avant de postuler, complétez « Les informations » sur votre employeur.",
            code="information_missing",
            action_url="demands:information",
            action_label="Compléter « Les informations »",
        )
    if offer.status != Offer.Status.PUBLISHED:
        raise ApplicationError(
            "Cette offre n'est plus ouverte aux candidatures.", code="offer_closed", action_url="offers:list"
        )


def _already_applied_error(active: Application) -> ApplicationError:
    return ApplicationError(
        f"Vous avez déjà une candidature en cours pour « {active.offer.title} ». Retirez-la dans « Mes candidatures » "
        "pour postuler à une autre offre.",
        code="one_at_a_time",
        action_url="applications:list",
        action_label="Voir « Mes candidatures »",
    )


@transaction.atomic
def application_submit(*, demand, offer: Offer, by, now: dt.datetime | None = None) -> Submission:
    """ "Je postule": one application in progress per demand on social offers, which the database guarantees under
    concurrency; on private offers several at once, each offer once (issue #19)."""
    now = now or timezone.now()
    if by.pk != demand.owner_id:
        raise ApplicationError("Seul le titulaire de la demande peut postuler.", code="forbidden")
    demand.owner = by  # checked above: the effects (e-mail, notification) read the owner without a query
    _check_can_apply(demand=demand, offer=offer, today=timezone.localdate(now))
    verdict = offer_verdict(demand, offer, today=timezone.localdate(now))
    if not verdict.eligible:
        raise ApplicationError(
            "Vous ne pouvez pas postuler à cette offre : "
            + " ".join(f"{check.message.rstrip('.')}." for check in verdict.failures),
            code="ineligible",
            action_url="offers:list",
            action_label="Voir les offres auxquelles vous pouvez postuler",
        )

    # No read first: the insert is the check. The database's constraints refuse a second application in progress
    # (one per demand on social offers, one per private offer), and only then is the one in progress read.
    in_progress = Application.objects.filter(demand=demand, channel=offer.channel).active().select_related("offer")
    if offer.is_private:
        in_progress = in_progress.filter(offer=offer)
    try:
        with transaction.atomic():  # a savepoint: the constraint fires if the demand has one in progress already
            application = Application.objects.create(
                demand=demand,
                offer=offer,
                channel=offer.channel,
                state=State.SUBMITTED.value,
                created_at=now,
                updated_at=now,
            )
            log = TransitionLog.objects.create(
                application=application,
                transition=workflow.SUBMIT.name,
                from_state="",
                to_state=State.SUBMITTED.value,
                by=by,
                at=now,
            )
    except IntegrityError:
        active = in_progress.first()
        if active is None:  # not the one-active constraint: nothing to explain to the applicant
            raise
    else:
        _run_effects(
            application,
            log=log,
            transition=workflow.SUBMIT,
            source=None,
            by=by,
            role=Role.APPLICANT,
            now=now,
            notify=True,
        )
        return Submission(application=application, created=True)

    if active.offer_id == offer.pk:
        return Submission(application=active, created=False)
    raise _already_applied_error(active)


def _for_transition(queryset):
    """Locked, with what the transition and its effects read (the owner for the e-mail, the offer's commune)."""
    return queryset.select_for_update(of=("self",)).select_related("demand__owner", "offer__commune")


def application_locked(queryset, pk: int) -> Application:
    """The application `pk` among `queryset` (the caller's scope: the applicant's own applications), read and
    locked for the transition that follows in the same transaction, which then reads it no more. Raises
    Application.DoesNotExist. The lock holds until the transaction ends (or a savepoint around the read is rolled
    back: the transition then reads the row again)."""
    application = _for_transition(queryset).get(pk=pk)
    application._lock = Mark()
    return application


@transaction.atomic
def application_transition(
    *,
    application: Application,
    name: str,
    by,
    role: Role | str,
    comment: str = "",
    reason_category: str = "",
    now: dt.datetime | None = None,
    notify: bool = True,
    answer_days: int | None = None,
) -> Application:
    """Apply transition `name` of the workflow table, acting as `role`, which `by` must hold on the application.

    `answer_days`: on a private letting, the delay the owner gives the applicant to answer the home proposed
    (`propose`), within the platform's bounds (logis.rules.private_letting); a social offer keeps the legal delay.

    `notify=False` only for data loaded without people (demo data): no e-mail leaves.
    `reason_category`: required by a set-aside, a non-attribution, an irrecevability, an unmet condition
    (logis.applications.reasons), refused by every other transition.

    `application`: read again and locked here, unless `application_locked` read and locked it in this transaction.

    The role "system" is the platform's own (scheduled jobs, automatic follow-ups): `by` is then None, and no
    person may claim it. What follows is the list of effects registered for the transition
    (logis.applications.effects, listed in docs/workflow.md): those of phase "in_transaction" run here, in this
    transaction (the dwelling passes to the next ranked candidate, the signed lease closes the offer), the others
    once it commits.
    """
    now = now or timezone.now()
    lock = getattr(application, "_lock", None)
    if lock is not None and lock.holds():  # read and locked by application_locked in this transaction
        locked = application
    else:
        locked = _for_transition(Application.objects.all()).get(pk=application.pk)
    transition = workflow.check(name, locked.state, role, locked.channel)
    if Role(role) == Role.SYSTEM:
        if by is not None:
            raise TransitionNotAllowed(f"L'action « {transition.label} » est réservée à la plateforme.")
    elif by is None or not holds_role(user=by, application=locked, role=Role(role)):
        raise TransitionNotAllowed(f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} ».")
    for reason in conditions.unmet(transition.name, locked):
        raise TransitionNotAllowed(reason)
    comment = comment.strip()
    if transition.needs_comment and not comment:
        raise TransitionNotAllowed(f"Expliquez en quelques mots la raison de l'action « {transition.label} ».")
    try:
        category = reasons.check(transition.name, reason_category, needed=transition.needs_reason_category)
    except reasons.InvalidReason as error:
        raise TransitionNotAllowed(str(error)) from None
    from_state = locked.state
    locked.state = transition.target.value
    locked.updated_at = now
    if transition.target == State.OFFER_MADE:
        locked.answer_deadline = offer_answer_deadline(
            locked.offer, notified_on=timezone.localdate(now), private_days=answer_days
        )
    locked.save(update_fields=["state", "updated_at", "answer_deadline"])
    log = TransitionLog.objects.create(
        application=locked,
        transition=transition.name,
        from_state=from_state,
        to_state=transition.target.value,
        by=by,
        at=now,
        comment=comment,
        reason_category=category.code if category else "",
    )
    _run_effects(
        locked,
        log=log,
        transition=transition,
        source=State(from_state),
        by=by,
        role=Role(role),
        comment=comment,
        now=now,
        notify=notify,
    )
    # The caller's object gets what was written (no second read): `locked` is the row this transaction holds, and a
    # transition that followed on it (an effect's `follow`) copied its own result into it.
    application.state, application.updated_at = locked.state, locked.updated_at
    application.answer_deadline = locked.answer_deadline
    return locked


def offer_answer_deadline(offer: Offer, *, notified_on: dt.date, private_days: int | None = None) -> dt.date:
    """The last day to answer the offer of `offer` notified on `notified_on`: the landlord's delay when longer than
    the legal ten days (CCH R441-10), extended past weekends and the holidays of the dwelling's département.

    A private letting has no legal delay: the owner's (`private_days`, bounded by logis.rules.private_letting)."""
    if offer.is_private:
        return private_letting.answer_deadline(
            notified_on, days=private_letting.answer_days(private_days), departement=offer.departement or None
        )
    policy_days = LandlordPolicy.objects.filter(organization_id=offer.landlord_id).values_list(
        "answer_days", flat=True
    )
    days = deadlines.answer_days(next(iter(policy_days), None))
    return deadlines.answer_deadline(notified_on, days=days, departement=offer.departement or None)


def _run_effects(
    application: Application,
    *,
    log: TransitionLog,
    transition: Transition,
    source: State | None,
    by,
    role: Role,
    now: dt.datetime,
    notify: bool,
    comment: str = "",
) -> None:
    def follow(*, application: Application, name: str, comment: str = "") -> Application:
        return application_transition(
            application=application, name=name, by=None, role=Role.SYSTEM, comment=comment, now=now, notify=notify
        )

    transition_effects.run(
        TransitionEvent(
            application=application,
            log=log,
            transition=transition,
            source=source,
            by=by,
            role=role,
            comment=comment,
            now=now,
            notify=notify,
            follow=follow,
        )
    )


def applications_expire_offers(*, now: dt.datetime | None = None) -> list[Application]:
    """The scheduled job: every offer whose answer deadline has ended expires, and passes on.

    The deadline is a day (stored when the offer was made); the answer is accepted until midnight of that day,
    Europe/Paris: the job expires an offer only from the next day on, whatever the hour it runs.
    Safe to run twice: an expired offer is no longer in the state "offer_made". Each expiry is its own
    transaction; an applicant who answers while the job runs keeps their answer.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = Application.objects.filter(state=State.OFFER_MADE.value, answer_deadline__lt=today).order_by(
        "answer_deadline", "pk"
    )
    expired = []
    for application in list(due):
        try:
            application_transition(
                application=application,
                name="expire",
                by=None,
                role=Role.SYSTEM,
                comment=f"Sans réponse au {date_format(application.answer_deadline, 'j F Y')}, dernier jour du délai.",
                now=now,
            )
        except TransitionNotAllowed:  # answered in the meantime
            continue
        expired.append(application)
    return expired
