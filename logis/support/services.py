"""Writes of the social support. Permission first, then the content; e-mails leave after commit."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from logis.notifications.email import send_email_on_commit
from logis.support.models import CaseNote, Contract, PlanStep, SupportCase
from logis.support.perms import is_support_advisor

ACCOUNT_MAX = 3000


class SupportError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def open_case_of(user) -> SupportCase | None:
    return SupportCase.objects.filter(applicant=user).exclude(status=SupportCase.Status.CLOSED).first()


def case_request(*, applicant, event: str, account: str, consent: bool) -> SupportCase:
    """An applicant in difficulty asks for support: the event, a short account, consent to share it with the
    advisor. One open case per person: a second request (a double click) returns the open one."""
    if not applicant.is_authenticated or not applicant.is_applicant:
        raise SupportError("L'accompagnement social se demande depuis un compte de demandeur.")
    if (existing := open_case_of(applicant)) is not None:
        return existing
    if event not in SupportCase.Event.values:
        raise SupportError("Choisissez ce qui vous arrive dans la liste.", field="event")
    account = (account or "").strip()
    if len(account) < 10:
        raise SupportError("Décrivez votre situation en quelques mots (10 caractères au moins).", field="account")
    if len(account) > ACCOUNT_MAX:
        raise SupportError(f"Votre récit est limité à {ACCOUNT_MAX} caractères.", field="account")
    if not consent:
        raise SupportError(
            "Sans votre accord, le conseiller ne peut pas lire votre demande : cochez la case pour l'envoyer.",
            field="consent",
        )
    try:
        with transaction.atomic():
            case = SupportCase.objects.create(
                applicant=applicant, event=event, account=account, consent_at=timezone.now()
            )
    except IntegrityError:  # a concurrent twin committed first
        return open_case_of(applicant)
    send_email_on_commit(
        "support_requested",
        to=applicant.email,
        context={
            "first_name": applicant.first_name,
            "event": case.get_event_display(),
            "link": _link("/accompagnement/"),
        },
    )
    return case


def _require_advisor(case: SupportCase, by, *, taking: bool = False) -> None:
    if not is_support_advisor(by):
        raise SupportError("Réservé aux conseillers de l'accompagnement social.")
    if not taking and case.advisor_id != by.pk:
        raise SupportError("Ce dossier est suivi par un autre conseiller.")
    if not taking and case.status == SupportCase.Status.CLOSED:
        raise SupportError("Cet accompagnement est terminé.")


def _locked(case: SupportCase) -> SupportCase:
    return SupportCase.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_take(*, case: SupportCase, by) -> SupportCase:
    case = _locked(case)
    _require_advisor(case, by, taking=True)
    if case.status != SupportCase.Status.REQUESTED or case.advisor_id:
        raise SupportError("Cette demande est déjà prise en charge.")
    case.advisor = by
    case.status = SupportCase.Status.IN_PROGRESS
    case.taken_at = timezone.now()
    case.save(update_fields=["advisor", "status", "taken_at"])
    send_email_on_commit(
        "support_taken",
        to=case.applicant.email,
        context={
            "first_name": case.applicant.first_name,
            "advisor": by.get_full_name(),
            "link": _link("/accompagnement/mon-accompagnement/"),
        },
    )
    return case


@transaction.atomic
def case_diagnose(*, case: SupportCase, family: str, work: str, housing: str, budget: str, by) -> SupportCase:
    case = _locked(case)
    _require_advisor(case, by)
    if not any(part.strip() for part in (family, work, housing, budget)):
        raise SupportError("Renseignez au moins une des quatre parties du diagnostic.")
    case.diagnosis_family, case.diagnosis_work = family.strip(), work.strip()
    case.diagnosis_housing, case.diagnosis_budget = housing.strip(), budget.strip()
    case.diagnosis_at = timezone.now()
    case.save(
        update_fields=["diagnosis_family", "diagnosis_work", "diagnosis_housing", "diagnosis_budget", "diagnosis_at"]
    )
    return case


@transaction.atomic
def step_add(*, case: SupportCase, label: str, owner: str, partner: str, due_on: dt.date, by) -> PlanStep:
    case = _locked(case)
    _require_advisor(case, by)
    label = " ".join((label or "").split())
    if len(label) < 3:
        raise SupportError("Décrivez l'étape.", field="label")
    if owner not in PlanStep.Owner.values:
        raise SupportError("Dites qui fait cette étape.", field="owner")
    if owner == PlanStep.Owner.PARTNER and not partner.strip():
        raise SupportError("Nommez le partenaire (FSL, ADIL, association…).", field="partner")
    if due_on < timezone.localdate():
        raise SupportError("La date prévue ne peut pas être passée.", field="due_on")
    return PlanStep.objects.create(case=case, label=label, owner=owner, partner=partner.strip(), due_on=due_on)


@transaction.atomic
def step_done(*, step: PlanStep, by) -> PlanStep:
    """The advisor ticks any step; the person ticks the steps that are theirs."""
    case = _locked(step.case)
    if by.pk == case.applicant_id:
        if step.owner != PlanStep.Owner.APPLICANT:
            raise SupportError("Cette étape est suivie par votre conseiller.")
    else:
        _require_advisor(case, by)
    step = PlanStep.objects.select_for_update().get(pk=step.pk)
    if step.done_at is None:
        step.done_at = timezone.now()
        step.save(update_fields=["done_at"])
    return step


@transaction.atomic
def contract_generate(*, case: SupportCase, by) -> Contract:
    """A new version of the contract from the diagnosis and the plan as they stand; both sides accept it again."""
    case = _locked(case)
    _require_advisor(case, by)
    steps = list(case.steps.all())
    if not case.has_diagnosis or not steps:
        raise SupportError("Le contrat reprend le diagnostic et le plan d'action : faites d'abord l'un et l'autre.")
    version = (case.contracts.order_by("-version").values_list("version", flat=True).first() or 0) + 1
    content = {
        "applicant": case.applicant.get_full_name() or case.applicant.email,
        "advisor": by.get_full_name() or by.email,
        "event": case.get_event_display(),
        "steps": [
            {"label": step.label, "owner": step.owner_label, "due_on": step.due_on.strftime("%d/%m/%Y")}
            for step in steps
        ],
    }
    contract = Contract.objects.create(case=case, version=version, content=content, generated_by=by)
    send_email_on_commit(
        "support_contract",
        to=case.applicant.email,
        context={
            "first_name": case.applicant.first_name,
            "version": version,
            "link": _link("/accompagnement/mon-accompagnement/"),
        },
    )
    return contract


@transaction.atomic
def contract_accept(*, contract: Contract, by) -> Contract:
    case = _locked(contract.case)
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    latest = case.contracts.order_by("-version").first()
    if latest.pk != contract.pk:
        raise SupportError("Une nouvelle version du contrat existe : c'est elle qu'il faut accepter.")
    if case.status == SupportCase.Status.CLOSED:
        raise SupportError("Cet accompagnement est terminé.")
    now = timezone.now()
    if by.pk == case.applicant_id:
        contract.applicant_accepted_at = contract.applicant_accepted_at or now
    else:
        _require_advisor(case, by)
        contract.advisor_accepted_at = contract.advisor_accepted_at or now
    contract.save(update_fields=["applicant_accepted_at", "advisor_accepted_at"])
    return contract


@transaction.atomic
def note_add(*, case: SupportCase, body: str, by) -> CaseNote:
    case = _locked(case)
    _require_advisor(case, by)
    body = (body or "").strip()
    if not body:
        raise SupportError("Écrivez la note.", field="body")
    if len(body) > 5000:
        raise SupportError("Une note est limitée à 5 000 caractères.", field="body")
    return CaseNote.objects.create(case=case, author=by, body=body)


@transaction.atomic
def case_close(*, case: SupportCase, outcome: str, note: str, by) -> SupportCase:
    case = _locked(case)
    _require_advisor(case, by)
    if outcome not in SupportCase.Outcome.values:
        raise SupportError("Choisissez l'issue de l'accompagnement.", field="outcome")
    case.status = SupportCase.Status.CLOSED
    case.outcome = outcome
    case.outcome_note = (note or "").strip()
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "outcome", "outcome_note", "closed_at"])
    send_email_on_commit(
        "support_closed",
        to=case.applicant.email,
        context={
            "first_name": case.applicant.first_name,
            "outcome": case.get_outcome_display(),
            "link": _link("/accompagnement/"),
        },
    )
    return case


def steps_remind(*, today: dt.date | None = None) -> int:
    """Daily job: one reminder per day for each step past due, to the advisor (and to the person for their own
    steps). Safe to run twice a day: a step reminded today is skipped."""
    today = today or timezone.localdate()
    sent = 0
    late = (
        PlanStep.objects.filter(done_at__isnull=True, due_on__lt=today, case__status=SupportCase.Status.IN_PROGRESS)
        .exclude(reminded_on=today)
        .select_related("case__advisor", "case__applicant")
    )
    for step in late:
        with transaction.atomic():
            updated = PlanStep.objects.filter(pk=step.pk).exclude(reminded_on=today).update(reminded_on=today)
            if not updated:
                continue
            context = {
                "label": step.label,
                "due_on": step.due_on,
                "owner": step.owner_label,
                "case": step.case.pk,
            }
            if step.case.advisor is not None:
                send_email_on_commit(
                    "support_step_late_advisor",
                    to=step.case.advisor.email,
                    context={**context, "link": _link(f"/conseiller/accompagnement/{step.case.pk}/")},
                )
            if step.owner == PlanStep.Owner.APPLICANT:
                send_email_on_commit(
                    "support_step_late",
                    to=step.case.applicant.email,
                    context={
                        **context,
                        "first_name": step.case.applicant.first_name,
                        "link": _link("/accompagnement/mon-accompagnement/"),
                    },
                )
            sent += 1
    return sent
