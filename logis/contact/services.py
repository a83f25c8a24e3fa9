"""Writes of the contact desk. E-mails leave after commit (send_email_on_commit)."""

import datetime as dt
import secrets
import statistics
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from logis.contact.models import Ticket, TicketMessage
from logis.contact.perms import is_desk_agent
from logis.documents.storage import document_storage
from logis.documents.validation import UploadRefused, display_name, inspect_upload
from logis.notifications.email import send_email_on_commit

BODY_MAX = 10_000
MEDIAN_WINDOW_DAYS = 90
MEDIAN_MIN_TICKETS = 5


class ContactError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _link(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ContactError("Écrivez votre message avant de l'envoyer.", field="body")
    if len(body) > BODY_MAX:
        raise ContactError(
            f"Votre message fait {len(body)} caractères : la limite est de {BODY_MAX}. Raccourcissez-le ou joignez "
            "un document.",
            field="body",
        )
    return body


def _store(upload: Upload | None) -> dict:
    """Check the piece by its content, then keep it in the private storage (deleted with the ticket's retention)."""
    if upload is None:
        return {}
    try:
        clean = inspect_upload(upload.data, name=upload.name)
    except UploadRefused as error:
        raise ContactError(error.message, field="attachment") from error
    name = f"contact/{secrets.token_hex(16)}.{clean.extension}"
    stored = document_storage().save(name, ContentFile(clean.content))
    return {
        "attachment_name": display_name(upload.name),
        "attachment_storage_name": stored,
        "attachment_type": clean.content_type,
    }


def _check_rate(email: str) -> list[str]:
    """A few new tickets per address and per hour: a flood stops, nobody else waits."""
    window = 3600
    key = f"contact:rate:{email.lower()}:{int(timezone.now().timestamp() // window)}"
    if cache.get(key, 0) >= settings.CONTACT_TICKETS_PER_HOUR:
        raise ContactError(
            "Vous nous avez déjà écrit plusieurs fois dans l'heure : nous lisons vos messages. Pour compléter une "
            "demande, répondez depuis son lien de suivi."
        )
    return [key]


def _count(keys: list[str]) -> None:
    for key in keys:
        if not cache.add(key, 1, timeout=3605):
            try:
                cache.incr(key)
            except ValueError:
                cache.add(key, 1, timeout=3605)


def ticket_open(
    *, subject: str, name: str, email: str, body: str, by, upload: Upload | None = None, key: uuid.UUID | None = None
) -> Ticket:
    """A message to the team becomes a ticket; its number and secret follow-up link go to the person by e-mail."""
    if key is not None and (existing := Ticket.objects.filter(submission_key=key).first()):
        return existing
    if subject not in Ticket.Subject.values:
        raise ContactError("Choisissez l'objet de votre message.", field="subject")
    name = " ".join((name or "").split())[:150]
    if not name:
        raise ContactError("Indiquez votre nom.", field="name")
    body = _clean_body(body)
    keys = _check_rate(email)
    try:
        ticket = _ticket_create(
            subject=subject, name=name, email=email.strip().lower(), body=body, by=by, upload=upload, key=key
        )
    except IntegrityError:
        existing = Ticket.objects.filter(submission_key=key).first() if key else None
        if existing is None:
            raise
        return existing
    _count(keys)
    return ticket


@transaction.atomic
def _ticket_create(*, subject, name, email, body, by, upload, key) -> Ticket:
    now = timezone.now()
    user = by if by is not None and by.is_authenticated else None
    ticket = Ticket.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:12]}",
        subject=subject,
        name=name,
        email=email,
        user=user,
        created_at=now,
        last_message_at=now,
        submission_key=key,
    )
    ticket.number = f"{timezone.localtime(now):%Y}-{ticket.pk:06d}"
    ticket.save(update_fields=["number"])
    TicketMessage.objects.create(ticket=ticket, author=user, body=body, created_at=now, **_store(upload))
    send_email_on_commit(
        "contact_received",
        to=ticket.email,
        context={
            "name": ticket.name,
            "number": ticket.number,
            "subject": ticket.get_subject_display(),
            "body": body,
            "median": median_first_answer_label(),
            "link": _link(ticket.get_absolute_url()),
        },
    )
    return ticket


@transaction.atomic
def ticket_reply_person(
    *, ticket: Ticket, body: str, by, upload: Upload | None = None, key: uuid.UUID | None = None
) -> TicketMessage:
    """The person answers back (from the follow-up link or their account): the ticket goes back to the team."""
    if key is not None and (existing := TicketMessage.objects.filter(submission_key=key).first()):
        return existing
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    body = _clean_body(body)
    now = timezone.now()
    user = by if by is not None and by.is_authenticated else None
    message = TicketMessage.objects.create(
        ticket=ticket, author=user, body=body, created_at=now, submission_key=key, **_store(upload)
    )
    ticket.status = Ticket.Status.OPEN if ticket.first_answer_at else Ticket.Status.NEW
    ticket.closed_at = None
    ticket.last_message_at = now
    ticket.save(update_fields=["status", "closed_at", "last_message_at"])
    if ticket.assigned_to_id:
        send_email_on_commit(
            "contact_person_replied",
            to=ticket.assigned_to.email,
            context={"number": ticket.number, "link": _link(f"/contact/equipe/{ticket.pk}/")},
        )
    return message


def _require_agent(by) -> None:
    if not is_desk_agent(by):
        raise ContactError("Réservé à l'équipe Logis.")


@transaction.atomic
def ticket_answer(
    *, ticket: Ticket, body: str, by, upload: Upload | None = None, close: bool = False
) -> TicketMessage:
    """The team answers: in the product and by e-mail; the first answer is dated for the median shown."""
    _require_agent(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    body = _clean_body(body)
    now = timezone.now()
    message = TicketMessage.objects.create(
        ticket=ticket, author=by, from_team=True, body=body, created_at=now, **_store(upload)
    )
    ticket.first_answer_at = ticket.first_answer_at or now
    ticket.status = Ticket.Status.CLOSED if close else Ticket.Status.ANSWERED
    ticket.closed_at = now if close else None
    ticket.last_message_at = now
    ticket.assigned_to = ticket.assigned_to or by
    ticket.save(update_fields=["first_answer_at", "status", "closed_at", "last_message_at", "assigned_to"])
    send_email_on_commit(
        "contact_answer",
        to=ticket.email,
        context={
            "name": ticket.name,
            "number": ticket.number,
            "agent": by.first_name or "L'équipe Logis",
            "body": body,
            "closed": close,
            "link": _link(ticket.get_absolute_url()),
        },
    )
    return message


@transaction.atomic
def ticket_assign(*, ticket: Ticket, to, by) -> Ticket:
    _require_agent(by)
    if to is not None and not is_desk_agent(to):
        raise ContactError("Une demande ne se confie qu'à un membre de l'équipe Logis.")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    ticket.assigned_to = to
    if ticket.status == Ticket.Status.NEW and to is not None:
        ticket.status = Ticket.Status.OPEN
    ticket.save(update_fields=["assigned_to", "status"])
    return ticket


@transaction.atomic
def ticket_close(*, ticket: Ticket, by) -> Ticket:
    _require_agent(by)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.is_closed:
        return ticket
    ticket.status = Ticket.Status.CLOSED
    ticket.closed_at = timezone.now()
    ticket.save(update_fields=["status", "closed_at"])
    send_email_on_commit(
        "contact_closed",
        to=ticket.email,
        context={"name": ticket.name, "number": ticket.number, "link": _link(ticket.get_absolute_url())},
    )
    return ticket


# --- the measured median ----------------------------------------------------------------------------------------


def median_first_answer(*, now: dt.datetime | None = None) -> dt.timedelta | None:
    """The median time between a ticket and the team's first answer, over the tickets of the last 90 days that
    were answered; None while fewer than 5 were (too few to say anything)."""
    now = now or timezone.now()
    rows = Ticket.objects.filter(
        created_at__gte=now - dt.timedelta(days=MEDIAN_WINDOW_DAYS), first_answer_at__isnull=False
    ).values_list("created_at", "first_answer_at")
    delays = [(answered - created).total_seconds() for created, answered in rows]
    if len(delays) < MEDIAN_MIN_TICKETS:
        return None
    return dt.timedelta(seconds=statistics.median(delays))


def duration_label(delay: dt.timedelta) -> str:
    minutes = round(delay.total_seconds() / 60)
    if minutes < 60:
        return f"{max(1, minutes)} minute{'s' if minutes > 1 else ''}"
    hours = round(minutes / 60)
    if hours < 48:
        return f"{hours} heure{'s' if hours > 1 else ''}"
    days = round(hours / 24)
    return f"{days} jours"


def median_first_answer_label() -> str:
    delay = median_first_answer()
    return duration_label(delay) if delay is not None else ""
