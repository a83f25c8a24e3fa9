"""Use cases of "Ma situation" (import of a register demand) and "Les informations".

The register is only reached through logis.registry.api. The security code is created here, kept only as a keyed
hash, and handed to the register, which e-mails it to the address of the demand.
"""

import dataclasses
import datetime as dt
import math
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.formats import date_format

from logis.demands import limits
from logis.demands.effects import (
    IncomeExceptionDeclared,
    InformationSaved,
    income_exception_declared,
    information_saved,
)
from logis.demands.models import Demand, ImportChallenge
from logis.demands.validation import check_employment_start, clean_siret
from logis.notifications import centre, outbox
from logis.notifications.email import queue_decoy, render_email, send_email_on_commit
from logis.notifications.models import OutboxMessage
from logis.organizations.models import Organization
from logis.registry import api as registry_api
from logis.registry.numbering import format_for_display, normalize
from logis.rules.income import exception_choices

# Operational limits of the code (not regulation). The number of sends and attempts and the code's lifetime are
# settings (LOGIS_IMPORT_CODE_*); the window below is the period over which the sends are counted.
SEND_WINDOW = dt.timedelta(hours=24)
RESEND_COOLDOWN = dt.timedelta(seconds=60)
CODE_DIGITS = 6
_HMAC_SALT = "logis.demands.import-code"
CODE_TEMPLATE = "registry_security_code"  # the register's e-mail that carries the code


class DemandImportError(Exception):
    """A reason the import cannot go on, worded for the applicant. `code` lets pages choose what to offer next."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


class DemandRefreshError(DemandImportError):
    pass


# --- the security code -------------------------------------------------------------------------------------


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _hash_code(code: str, *, nonce: str | None = None) -> str:
    """nonce$HMAC-SHA256(SECRET_KEY, nonce:code): useless without the secret key, unlike a bare hash of 6 digits."""
    nonce = nonce or secrets.token_hex(8)
    digest = salted_hmac(_HMAC_SALT, f"{nonce}:{code}", algorithm="sha256").hexdigest()
    return f"{nonce}${digest}"


def _code_matches(code_hash: str, code: str) -> bool:
    nonce, _, _digest = code_hash.partition("$")
    return constant_time_compare(code_hash, _hash_code(code, nonce=nonce))


def _normalize_code(code: str) -> str:
    return "".join((code or "").split())


def _ttl() -> dt.timedelta:
    return dt.timedelta(hours=settings.LOGIS_IMPORT_CODE_TTL_HOURS)


def _when(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment), r"j F Y \à H\hi")


def _check_send_allowed(*, user, now: dt.datetime, challenge: ImportChallenge | None) -> None:
    """At most LOGIS_IMPORT_CODE_MAX_SENDS codes per account over SEND_WINDOW, none within the cool-down.

    Only the codes the mail server accepted count: a code still waiting in the outbox (mail server down) does not
    use up the person's allowance; it is replaced by the next one asked for (_send_code). The numéros that got no
    code (decoys) count as if one had gone out, or the limit would tell which numéros exist.
    """
    if challenge is not None and now - challenge.last_sent_at < RESEND_COOLDOWN:
        wait = math.ceil((challenge.last_sent_at + RESEND_COOLDOWN - now).total_seconds())
        raise DemandImportError(
            f"Un code vient d'être demandé. Consultez votre messagerie (pensez aux courriers indésirables) ou "
            f"patientez encore {wait} secondes avant d'en demander un nouveau.",
            code="cooldown",
        )
    since = now - SEND_WINDOW
    delivered = list(
        OutboxMessage.objects.filter(
            user=user, template=CODE_TEMPLATE, status=OutboxMessage.Status.SENT, sent_at__gt=since
        ).values_list("sent_at", flat=True)
    )
    decoys = ImportChallenge.objects.filter(user=user, decoy=True, last_sent_at__gt=since).values_list(
        "created_at", "sends"
    )
    moments = delivered + [created_at for created_at, sends in decoys for _ in range(sends)]
    sent = len(moments)
    if sent >= settings.LOGIS_IMPORT_CODE_MAX_SENDS:
        first = max(min(moments), since)
        raise DemandImportError(
            f"Vous avez demandé {sent} codes en 24 heures, le maximum autorisé. Vous pourrez en demander un "
            f"nouveau à partir du {_when(first + SEND_WINDOW)}.",
            code="too_many_sends",
        )


def pending_challenge(user) -> ImportChallenge | None:
    """The code the account is waiting for, if any (expired or locked ones included: the page offers a new one)."""
    return (
        ImportChallenge.objects.filter(user=user, consumed_at=None, abandoned_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )


def _send_code(challenge: ImportChallenge, code: str) -> None:
    """Have the register e-mail the code (through the outbox); a code not delivered yet is replaced by this one.

    A decoy sends nothing, but leaves the account the same trace in its notification centre (« code de sécurité à
    saisir », never its content) after rendering the same e-mail and writes a decoy to the outbox, handed to the
    task queue as a message is (logis.notifications.outbox), so that both answers look and take alike."""
    outbox.cancel_pending(user=challenge.user, template=CODE_TEMPLATE)
    key = f"import_code:{challenge.pk}:{challenge.sends}:{challenge.last_sent_at.isoformat()}"
    if challenge.decoy:
        subject, body = render_email(
            CODE_TEMPLATE, {"code": code, "numero_unique": challenge.numero_unique, "first_name": ""}
        )
        centre.record(
            user=challenge.user, template=CODE_TEMPLATE, subject=subject, body=body, link="", emailed=True, key=key
        )
        queue_decoy(template=CODE_TEMPLATE, key=key, user=challenge.user)
        return
    registry_api.send_security_code(challenge.numero_unique, code, for_user=challenge.user, key=key)


# --- checks on the register record ----------------------------------------------------------------------------


def _importable_problem(*, user, numero: str, record, today: dt.date) -> DemandImportError | None:
    # Asked first, whatever the numéro: the same queries for a numéro that exists and one that does not.
    linked_elsewhere = Demand.objects.filter(numero_unique=normalize(numero)).exclude(owner=user).exists()
    if record is None:
        return DemandImportError(
            f"Aucune demande de logement social ne porte le numéro unique « {format_for_display(numero)} ». "
            "Vérifiez-le sur l'attestation d'enregistrement que vous avez reçue après le dépôt de votre demande.",
            code="unknown",
        )
    if linked_elsewhere or (
        record.numero_unique != normalize(numero)
        and Demand.objects.filter(numero_unique=record.numero_unique).exclude(owner=user).exists()
    ):
        return _linked_elsewhere_error()
    if record.status != "active":
        return DemandImportError(
            f"La demande n° {format_for_display(record.numero_unique)} n'est plus active au registre (elle a été "
            "radiée ou a déjà abouti à une attribution). Pour chercher un logement, renouvelez-la ou déposez une "
            "nouvelle demande auprès d'un guichet enregistreur ou sur demande-logement-social.gouv.fr, puis "
            "importez-la ici.",
            code="inactive",
        )
    if record.expires_on < today:
        return DemandImportError(
            f"La demande n° {format_for_display(record.numero_unique)} a expiré le "
            f"{date_format(record.expires_on, 'j F Y')}. Renouvelez-la sur demande-logement-social.gouv.fr ou "
            "auprès d'un guichet enregistreur (vous gardez votre ancienneté), puis importez-la ici.",
            code="expired_demand",
        )
    return None


def _linked_elsewhere_error() -> DemandImportError:
    return DemandImportError(
        "Cette demande est déjà rattachée à un autre compte Logis. Si vous avez créé un autre compte, "
        "connectez-vous avec lui (vous pouvez réinitialiser son mot de passe depuis la page de connexion). "
        "Si vous n'êtes pas à l'origine de ce rattachement, contactez l'équipe Logis en indiquant votre numéro "
        "unique : nous vérifierons la situation avec vous.",
        code="linked_elsewhere",
    )


def _already_has_demand_error(demand: Demand) -> DemandImportError:
    return DemandImportError(
        f"Votre compte est déjà rattaché à la demande n° {format_for_display(demand.numero_unique)}. Une seule "
        "demande peut être rattachée à un compte.",
        code="already_linked",
    )


# --- import ---------------------------------------------------------------------------------------------------


@transaction.atomic
def demand_import_start(*, user, numero_unique: str, now: dt.datetime | None = None) -> ImportChallenge:
    """Take the number and, when its demand can be linked to this account, have the register e-mail a security
    code to the demand's address.

    One answer whatever the numéro (issue #12, no enumeration): unknown, linked to another account, expired or
    radiated, the account gets a pending challenge as for a real one (a decoy: no code is sent, none matches), with
    the same limits. Typing the same number again while a code is pending is a resend (same limits).
    """
    now = now or timezone.now()
    numero = normalize(numero_unique)
    existing = Demand.objects.filter(owner=user).first()
    if existing is not None:
        raise _already_has_demand_error(existing)
    if not limits.spend_start(numero):
        raise DemandImportError(
            "Trop de tentatives d'import pour ce numéro unique aujourd'hui. Réessayez demain ; si vous pensez que "
            "quelqu'un d'autre essaie d'utiliser votre numéro, contactez l'équipe Logis.",
            code="numero_budget",
        )
    record = registry_api.find_demand(numero)
    importable = _importable_problem(user=user, numero=numero, record=record, today=timezone.localdate(now)) is None
    numero = record.numero_unique if record is not None else numero

    pending = pending_challenge(user)
    if pending is not None and pending.numero_unique == numero:
        return demand_import_resend(user=user, now=now)

    _check_send_allowed(user=user, now=now, challenge=None)
    if pending is not None:
        pending.abandoned_at = now
        pending.save(update_fields=["abandoned_at"])
    code = _new_code()
    challenge = ImportChallenge.objects.create(
        user=user,
        numero_unique=numero,
        decoy=not importable,
        code_hash=_hash_code(code) if importable else _hash_code(secrets.token_hex(16)),
        created_at=now,
        expires_at=now + _ttl(),
        attempts=0,
        sends=1,
        last_sent_at=now,
    )
    _send_code(challenge, code)
    return challenge


@transaction.atomic
def demand_import_resend(*, user, now: dt.datetime | None = None) -> ImportChallenge:
    """A new code for the pending import: the previous code stops working, the count of wrong attempts restarts."""
    now = now or timezone.now()
    challenge = (
        ImportChallenge.objects.select_for_update()
        .filter(user=user, consumed_at=None, abandoned_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if challenge is None:
        raise DemandImportError(
            "Aucun code n'est en attente : saisissez d'abord votre numéro unique.", code="no_challenge"
        )
    _check_send_allowed(user=user, now=now, challenge=challenge)
    if challenge.created_at <= now - SEND_WINDOW:
        # An old import taken up again: its sends no longer count, a new window starts.
        challenge.created_at = now
        challenge.sends = 0
    code = _new_code()
    challenge.code_hash = _hash_code(secrets.token_hex(16) if challenge.decoy else code)
    challenge.expires_at = now + _ttl()
    challenge.attempts = 0
    challenge.sends += 1
    challenge.last_sent_at = now
    _send_code(challenge, code)
    challenge.save()
    return challenge


@transaction.atomic
def demand_import_abandon(*, user, now: dt.datetime | None = None) -> None:
    """The person wants to type another numéro unique. The codes already sent keep counting in the limits."""
    now = now or timezone.now()
    ImportChallenge.objects.filter(user=user, consumed_at=None, abandoned_at=None).update(abandoned_at=now)


def demand_import_confirm(*, user, code: str, now: dt.datetime | None = None) -> Demand:
    """Check the security code and link the demand to the account.

    A wrong code counts as an attempt even though an error is raised: the attempt is recorded in a transaction
    that completes before the error leaves this function (do not roll back around the call).
    """
    outcome = _import_confirm(user=user, code=code, now=now or timezone.now())
    if isinstance(outcome, DemandImportError):
        raise outcome
    return outcome


@transaction.atomic
def _import_confirm(*, user, code: str, now: dt.datetime) -> Demand | DemandImportError:
    # Locked so that two confirmations at once (double click, two tabs) count attempts and import only once.
    challenge = (
        ImportChallenge.objects.select_for_update()
        .filter(user=user, consumed_at=None, abandoned_at=None)
        .order_by("-created_at", "-pk")
        .first()
    )
    if challenge is None:
        existing = Demand.objects.filter(owner=user).first()
        if existing is not None:
            return existing  # the other confirmation of a double submission already imported it
        return DemandImportError(
            "Aucun code n'est en attente : saisissez d'abord votre numéro unique.", code="no_challenge"
        )
    if challenge.is_locked:
        return DemandImportError(
            "Ce code est bloqué après trop d'essais erronés : demandez un nouveau code.", code="locked"
        )
    if challenge.is_expired(now):
        hours = settings.LOGIS_IMPORT_CODE_TTL_HOURS
        return DemandImportError(
            f"Ce code a expiré : il n'était valable que {hours} heures. Demandez un nouveau code.",
            code="code_expired",
        )
    if limits.codes_spent(challenge.numero_unique):
        return DemandImportError(
            "Trop de codes erronés ont été saisis pour cette demande aujourd'hui : par sécurité, l'import est "
            "suspendu jusqu'à demain. Vous pourrez alors demander un nouveau code.",
            code="code_budget",
        )
    if not _code_matches(challenge.code_hash, _normalize_code(code)):
        limits.spend_wrong_code(challenge.numero_unique)
        challenge.attempts += 1
        challenge.save(update_fields=["attempts"])
        left = challenge.attempts_left
        if left == 0:
            return DemandImportError(
                "Ce code n'est pas le bon, et c'était le dernier essai : ce code est bloqué. Demandez un nouveau "
                "code.",
                code="locked",
            )
        return DemandImportError(
            f"Ce code n'est pas le bon. Vérifiez le dernier e-mail reçu : il vous reste {left} "
            f"essai{'s' if left > 1 else ''}.",
            code="wrong_code",
        )

    challenge.consumed_at = now
    challenge.save(update_fields=["consumed_at"])
    existing = Demand.objects.filter(owner=user).first()
    if existing is not None:
        return _already_has_demand_error(existing)
    record = registry_api.find_demand(challenge.numero_unique)
    problem = _importable_problem(
        user=user, numero=challenge.numero_unique, record=record, today=timezone.localdate(now)
    )
    if problem is not None:
        return problem
    try:
        with transaction.atomic():
            demand = Demand.objects.create(owner=user, imported_at=now, **_fields_from_record(record, now=now))
    except IntegrityError:
        # The database keeps one demand per account and one account per demand, whatever the race.
        existing = Demand.objects.filter(owner=user).first()
        if existing is not None:
            return _already_has_demand_error(existing)
        return _linked_elsewhere_error()
    send_email_on_commit(
        "demand_imported",
        to=user.email,
        key=f"demand_imported:{demand.pk}",
        user=user,
        context={
            "first_name": user.first_name,
            "numero_unique": format_for_display(demand.numero_unique),
            "expires_on": demand.expires_on,
        },
    )
    return demand


def _fields_from_record(record: registry_api.DemandRecord, *, now: dt.datetime) -> dict:
    return {
        "numero_unique": record.numero_unique,
        "refreshed_at": now,
        "expires_on": record.expires_on,
        "register_status": record.status,
        "household_size": record.household_size,
        # The revenu fiscal de référence of year N-2, as filed in the register. The legal choice between N-2 and
        # a lower N-1 figure belongs to the eligibility rules, which read both from the snapshot.
        "reference_income": record.rfr_n2,
        "monthly_resources": record.monthly_resources_total,
        "workplace_commune_id": record.workplace_insee or None,
        "wished_communes": list(record.wished_communes),
        "wished_typologies": list(record.wished_typologies),
        "wished_kind": record.wished_kind,
        "max_rent": record.max_rent,
        "accessibility_needed": record.accessibility_needed,
        "nationality": record.nationality,
        "residence_permit_expires_on": record.residence_permit_expires_on,
        "rfr_n1": record.rfr_n1,
        "household": household_facts(record),
        "snapshot": record_snapshot(record),
    }


def household_facts(record: registry_api.DemandRecord) -> list[dict]:
    """Who will live in the dwelling, as the eligibility rules need it (applicant first, no names)."""
    applicant = {
        "birth_date": record.birth_date.isoformat(),
        "relation": "demandeur",
        "dependant": False,
        "disability": record.applicant_has_disability,
        "alternating_custody": False,
    }
    return [
        applicant,
        *(
            {
                "birth_date": member.birth_date.isoformat(),
                "relation": member.relation,
                "dependant": member.is_dependent,
                "disability": member.has_disability,
                "alternating_custody": member.alternating_custody,
            }
            for member in record.members
        ),
    ]


def record_snapshot(record: registry_api.DemandRecord) -> dict:
    """The register record as a JSON-safe dict (dates in ISO 8601, resources as code/amount pairs)."""

    def safe(value):
        if isinstance(value, dt.date | dt.datetime):
            return value.isoformat()
        if isinstance(value, dict):
            return {key: safe(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [safe(item) for item in value]
        return value

    data = safe(dataclasses.asdict(record))
    data["monthly_resources"] = [{"code": code, "amount": amount} for code, amount in record.monthly_resources]
    return data


@transaction.atomic
def demand_refresh(*, demand: Demand, by, now: dt.datetime | None = None) -> Demand:
    """Re-read the demand from the register (after a renewal or a change declared at a guichet)."""
    now = now or timezone.now()
    if by.pk != demand.owner_id:
        raise DemandRefreshError("Seul le titulaire de la demande peut la mettre à jour.", code="forbidden")
    demand = Demand.objects.select_for_update().get(pk=demand.pk)
    record = registry_api.find_demand(demand.numero_unique)
    if record is None:
        raise DemandRefreshError(
            "Votre demande n'a pas été retrouvée au registre. Si elle a été renouvelée sous un nouveau numéro, "
            "contactez l'équipe Logis.",
            code="unknown",
        )
    for field, value in _fields_from_record(record, now=now).items():
        setattr(demand, field, value)
    demand.save()
    return demand


# --- "Les informations" ---------------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class InformationResult:
    demand: Demand
    employer: Organization | None


@transaction.atomic
def demand_update_information(
    *,
    demand: Demand,
    by,
    employer_name: str,
    employer_siret: str,
    matricule: str,
    employment_start: dt.date,
    inform_employer: bool,
    now: dt.datetime | None = None,
) -> InformationResult:
    """Record the employer and link the demand to the employer's organisation when Logis knows its SIRET."""
    now = now or timezone.now()
    if by.pk != demand.owner_id:
        raise PermissionError("Only the owner of the demand may fill in its information.")
    demand.owner = by  # checked above: the employer's request names the employee without a query
    siret = clean_siret(employer_siret)
    check_employment_start(employment_start, today=timezone.localdate(now))
    employer = Organization.objects.filter(kind=Organization.Kind.EMPLOYER, siret=siret).first()
    demand.employer = employer
    demand.employer_name = employer_name.strip()
    demand.employer_siret = siret
    demand.matricule = matricule.strip()
    demand.employment_start = employment_start
    demand.inform_employer = inform_employer
    demand.information_completed_at = now
    demand.save(
        update_fields=[
            "employer",
            "employer_name",
            "employer_siret",
            "matricule",
            "employment_start",
            "inform_employer",
            "information_completed_at",
        ]
    )
    # What follows is registered by other apps: the employer's agreement is requested (logis/employers/effects.py).
    information_saved.run(InformationSaved(demand=demand, now=now))
    return InformationResult(demand=demand, employer=employer)


# --- « Ressources : situation particulière » ------------------------------------------------------------------

# Above this, a revenu fiscal de référence typed is a typing error (not regulation: the ceilings stop far below).
MAX_OWN_RFR = 10_000_000


class IncomeExceptionError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@transaction.atomic
def demand_declare_income_exception(
    *,
    demand: Demand,
    exception: str,
    own_rfr_n2: int | None,
    own_rfr_n1: int | None = None,
    by,
    now: dt.datetime | None = None,
) -> Demand:
    """The applicant declares a situation in which only their own income counts (divorce, end of a PACS, widowhood,
    violence within the couple) with that income, or withdraws it (`exception` = "").

    The exception applies once the file holds the piece that proves the situation: the documents app says so
    (`income_exception_declared`, which it answers by `demand_record_income_exception_proof`). Sensitive data:
    nothing of it is logged."""
    now = now or timezone.now()
    if by is None or by.pk != demand.owner_id:
        raise IncomeExceptionError("Seul le titulaire de la demande peut déclarer sa situation.")
    if exception and exception not in dict(exception_choices()):
        raise IncomeExceptionError("Choisissez une des situations proposées.", field="exception")
    if exception and own_rfr_n2 is None:
        raise IncomeExceptionError(
            "Indiquez votre propre revenu fiscal de référence : seuls vos revenus comptent dans cette situation.",
            field="own_rfr_n2",
        )
    for field, value in (("own_rfr_n2", own_rfr_n2), ("own_rfr_n1", own_rfr_n1)):
        if value is not None and not 0 <= value <= MAX_OWN_RFR:
            raise IncomeExceptionError(
                "Saisissez un montant en euros, sans centimes, tel qu'il figure sur votre avis d'imposition.",
                field=field,
            )
    demand = Demand.objects.select_for_update().get(pk=demand.pk)
    demand.income_exception = exception
    demand.own_rfr_n2 = own_rfr_n2 if exception else None
    demand.own_rfr_n1 = own_rfr_n1 if exception else None
    demand.income_exception_proven = False  # until the documents app finds the proof of this situation
    demand.save(update_fields=["income_exception", "own_rfr_n2", "own_rfr_n1", "income_exception_proven"])
    income_exception_declared.run(IncomeExceptionDeclared(demand=demand, now=now))
    return demand


def demand_record_income_exception_proof(*, demand: Demand, proven: bool) -> None:
    """Whether the file holds the piece that proves the declared situation (called by the documents app each time
    the pieces or the declaration change). A proof without a declaration proves nothing."""
    proven = proven and bool(demand.income_exception)
    stored = Demand.objects.filter(pk=demand.pk).values_list("income_exception_proven", flat=True).first()
    demand.income_exception_proven = proven
    if stored != proven:
        # A save, not an update(): the eligibility verdicts stored with the rankings read it, and the model signal
        # tells them (logis.scoring.effects).
        demand.save(update_fields=["income_exception_proven"])
