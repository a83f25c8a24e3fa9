"""The e-mail outbox: written in the caller's transaction, sent by a Celery task, at most once per person and event.

States (docs/adr/0009-email-outbox.md):

    pending --claim--> claimed --connected--> sending --accepted--> sent
       ^                  |                      |
       |   refused, or    |                      +--connection lost / crash--> review (a person decides)
       +--server down-----+ (nothing left)       +--refused by the server (4xx: pending again, 5xx: failed)

A message goes from `claimed` to `sending` only once the SMTP connection is open, by a conditional UPDATE that
commits before the message data is handed to the server. Whatever happens before that mark is safe to retry (the
server has nothing); whatever happens after it, unless the server answered with a refusal, may have delivered the
message, so it is never sent again automatically. Each claim increments `attempts`, which fences a slow worker: its
later updates name the attempt it claimed and change nothing if another worker has claimed the message since.

A `decoy` row (write_decoy) is the same INSERT and the same hand-over to the task queue as a message, for the
answers that must not take longer when an account or a demand exists than when it does not (issue #12); the
worker deletes it instead of sending it, and the periodic flush deletes any the task queue missed.
"""

import hashlib
import json
import logging
import smtplib
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from logis.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)
Status = OutboxMessage.Status

# SMTP refusals: the server answered, so it holds nothing (RFC 5321: a message is accepted only by the 250 after
# the data). 5xx is permanent (unknown address, refused content), 4xx temporary.
_REFUSALS = (smtplib.SMTPSenderRefused, smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError)


def _message_id(key: str, to: str) -> str:
    digest = hashlib.sha256(f"{key}\n{to.lower()}".encode()).hexdigest()[:40]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "logis.invalid"
    return f"<{digest}@{domain}>"


def write(
    *,
    template: str,
    to: str,
    subject: str,
    body: str,
    html_body: str = "",
    key: str | None = None,
    user=None,
) -> tuple[OutboxMessage, bool]:
    """Insert the message in the current transaction; (message, created). logis.notifications.email hands it to the
    task queue after commit.

    `key` names the event (e.g. "employer_invitation:42"); the same key and recipient again is the same message,
    returned as it is (no second e-mail). Without a key, each call is an event of its own.
    """
    key = key or f"{template}:{uuid.uuid4().hex}"
    to = to.strip()
    if connection.vendor == "postgresql":
        # One statement (ON CONFLICT DO NOTHING RETURNING id), not a savepoint around an insert that may collide.
        message = {"key": key, "to": to, "user": user, "template": template, "subject": subject, "body": body}
        created = _insert_many([{**message, "html_body": html_body}], timezone.now())
        if created:
            return OutboxMessage(pk=created[0], idempotency_key=key, to=to, template=template), True
        return OutboxMessage.objects.get(idempotency_key=key, to=to), False
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                idempotency_key=key,
                to=to,
                user=user if getattr(user, "pk", None) else None,
                template=template,
                subject=subject,
                body=body,
                html_body=html_body,
                message_id=_message_id(key, to),
                next_attempt_at=timezone.now(),
            )
    except IntegrityError:
        return OutboxMessage.objects.get(idempotency_key=key, to=to), False
    return message, True


def write_decoy(*, template: str, key: str | None = None, user=None) -> OutboxMessage:
    """The work of `write` for a message that is never sent: no recipient, no content."""
    key = key or f"{template}:{uuid.uuid4().hex}"
    if connection.vendor == "postgresql":  # the statement of `write`
        decoy_key = f"decoy:{key}:{uuid.uuid4().hex}"
        message = {"key": decoy_key, "to": "", "user": user, "template": template, "subject": "", "body": ""}
        [pk] = _insert_many([message], timezone.now(), status=Status.DECOY, message_key=key)
        return OutboxMessage(pk=pk, idempotency_key=decoy_key, to="", template=template, status=Status.DECOY)
    with transaction.atomic():  # the savepoint of `write`
        return OutboxMessage.objects.create(
            idempotency_key=f"decoy:{key}:{uuid.uuid4().hex}",
            to="",
            user=user if getattr(user, "pk", None) else None,
            template=template,
            subject="",
            status=Status.DECOY,
            message_id=_message_id(key, ""),
            next_attempt_at=timezone.now(),
        )


def write_many(messages: list[dict]) -> list[int]:
    """`write` for many messages at once (a scheduled job's), each with its key: one insert per thousand; the ids
    of the messages this call created (a message already written for the same key and recipient is left as it is).
    """
    if not messages:
        return []
    now = timezone.now()
    if connection.vendor == "postgresql":
        return _insert_many(messages, now)
    rows = [
        OutboxMessage(
            idempotency_key=message["key"],
            to=message["to"].strip(),
            user=message["user"] if getattr(message["user"], "pk", None) else None,
            template=message["template"],
            subject=message["subject"],
            body=message["body"],
            html_body=message.get("html_body", ""),
            headers=message.get("headers") or {},
            message_id=_message_id(message["key"], message["to"].strip()),
            next_attempt_at=now,
        )
        for message in messages
    ]
    keys = {row.idempotency_key for row in rows}
    existing = set(OutboxMessage.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", "to"))
    fresh = [row for row in rows if (row.idempotency_key, row.to) not in existing]
    OutboxMessage.objects.bulk_create(fresh, batch_size=1000, ignore_conflicts=True)
    # ignore_conflicts sets no primary key: read back the ones of this call (a parallel writer's are not ours to
    # dispatch, but dispatching one twice is harmless: delivery claims each message once).
    return list(
        OutboxMessage.objects.filter(
            idempotency_key__in=[row.idempotency_key for row in fresh], created_at__gte=now
        ).values_list("pk", flat=True)
    )


def insert_unnest(table: str, columns: dict[str, tuple[str, list]], tail: str = "") -> list[tuple]:
    """PostgreSQL: INSERT INTO `table` the rows whose columns are given as {column: (SQL type, values)}, in one
    statement per thousand rows reading one array per column (unnest): a handful of parameters, not one per value
    (the driver parses every placeholder of a statement), and no model instance per row. `tail`: ON CONFLICT …,
    RETURNING …; the rows it returns."""
    names = list(columns)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    arrays = ", ".join(f"%s::{columns[name][0]}[]" for name in names)
    total = len(next(iter(columns.values()))[1])
    returned = []
    with connection.cursor() as cursor:
        for start in range(0, total, 1000):
            cursor.execute(  # the table's and columns' names and types only: every value is a parameter
                f"INSERT INTO {connection.ops.quote_name(table)} ({quoted}) "  # noqa: S608
                f"SELECT * FROM unnest({arrays}) {tail}",
                [columns[name][1][start : start + 1000] for name in names],
            )
            if "RETURNING" in tail:
                returned += cursor.fetchall()
    return returned


def _insert_many(messages: list[dict], now, *, status: str = Status.PENDING, message_key: str = "") -> list[int]:
    """PostgreSQL: the messages inserted with ON CONFLICT DO NOTHING RETURNING id: the ids returned are exactly
    the messages this call created. `message_key`: the key the Message-ID is made of, when not the row's (a
    decoy's)."""
    tos = [message["to"].strip() for message in messages]
    keys = [message["key"] for message in messages]
    id_keys = [message_key or key for key in keys]
    count = len(messages)
    columns = {
        "idempotency_key": ("text", keys),
        "to": ("text", tos),
        "user_id": ("bigint", [getattr(message["user"], "pk", None) for message in messages]),
        "template": ("text", [message["template"] for message in messages]),
        "subject": ("text", [message["subject"] for message in messages]),
        "body": ("text", [message["body"] for message in messages]),
        "html_body": ("text", [message.get("html_body", "") for message in messages]),
        "headers": ("jsonb", [json.dumps(message.get("headers") or {}) for message in messages]),
        "message_id": ("text", [_message_id(key, to) for key, to in zip(id_keys, tos, strict=True)]),
        "status": ("text", [str(status)] * count),
        "attempts": ("smallint", [0] * count),
        "created_at": ("timestamptz", [now] * count),
        "next_attempt_at": ("timestamptz", [now] * count),
        "last_error": ("text", [""] * count),
    }
    table = OutboxMessage._meta.db_table
    return [
        pk for (pk,) in insert_unnest(table, columns, 'ON CONFLICT (idempotency_key, "to") DO NOTHING RETURNING id')
    ]


def cancel_pending(*, user, template: str) -> int:
    """Messages of this kind for this account not yet handed to the server are dropped (a newer one replaces them)."""
    return OutboxMessage.objects.filter(user=user, template=template, status=Status.PENDING).update(
        status=Status.CANCELLED, body="", html_body="", last_error="Remplacé par un message plus récent."
    )


def delivered_count(*, user, template: str, since) -> int:
    return OutboxMessage.objects.filter(user=user, template=template, status=Status.SENT, sent_at__gt=since).count()


def _backoff(attempts: int) -> timedelta:
    base = settings.EMAIL_OUTBOX_RETRY_BASE_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), settings.EMAIL_OUTBOX_RETRY_MAX_SECONDS))


def _update(message: OutboxMessage, expected: str, **fields) -> bool:
    """Move the message on, provided it is still in `expected` state under this very attempt (the fence)."""
    return bool(
        OutboxMessage.objects.filter(pk=message.pk, status=expected, attempts=message.attempts).update(**fields)
    )


def _retry_later(message: OutboxMessage, expected: str, error: str) -> str:
    if message.attempts >= settings.EMAIL_OUTBOX_MAX_ATTEMPTS:
        _update(message, expected, status=Status.FAILED, last_error=error)
        logger.error("outbox: message %s failed after %s attempts", message.pk, message.attempts)
        return Status.FAILED
    _update(
        message,
        expected,
        status=Status.PENDING,
        next_attempt_at=timezone.now() + _backoff(message.attempts),
        last_error=error,
    )
    logger.warning("outbox: message %s not delivered (attempt %s), retried later", message.pk, message.attempts)
    return Status.PENDING


def _claim(pk: int) -> OutboxMessage | None:
    now = timezone.now()
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status__in=[Status.PENDING, Status.DECOY], next_attempt_at__lte=now)
            .first()
        )
        if message is None:
            return None
        if message.status == Status.DECOY:
            message.delete()
            return None
        message.status = Status.CLAIMED
        message.attempts += 1
        message.claimed_at = now
        message.save(update_fields=["status", "attempts", "claimed_at"])
    return message


def _email(message: OutboxMessage, connection) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={**(message.headers or {}), "Message-ID": message.message_id},
        connection=connection,
    )
    if message.html_body:
        if message.body:
            email.attach_alternative(message.html_body, "text/html")
        else:
            email.body = message.html_body
            email.content_subtype = "html"
    return email


def deliver(pk: int) -> str | None:
    """Send one due message; return its new state, or None when it was not due (or another worker has it)."""
    message = _claim(pk)
    if message is None:
        return None
    connection = get_connection(fail_silently=False)
    try:
        connection.open()
    except Exception as exc:  # nothing reached the server
        return _retry_later(message, Status.CLAIMED, f"Connexion au serveur de messagerie impossible : {exc!r}")
    try:
        # The durable mark before the data: past it, the message may be delivered.
        if not _update(message, Status.CLAIMED, status=Status.SENDING):
            return None
        try:
            connection.send_messages([_email(message, connection)])
        except _REFUSALS as exc:
            codes = [exc.smtp_code] if hasattr(exc, "smtp_code") else [code for code, _ in exc.recipients.values()]
            error = f"Refusé par le serveur de messagerie : {exc!r}"
            if all(500 <= code < 600 for code in codes):
                _update(message, Status.SENDING, status=Status.FAILED, last_error=error)
                logger.error("outbox: message %s refused by the mail server", message.pk)
                return Status.FAILED
            return _retry_later(message, Status.SENDING, error)
        except Exception as exc:
            _update(
                message,
                Status.SENDING,
                status=Status.REVIEW,
                last_error=f"La connexion a été perdue pendant l'envoi : le message a peut-être été remis. {exc!r}",
            )
            logger.error("outbox: message %s may or may not have been delivered: sent to review", message.pk)
            return Status.REVIEW
        _update(message, Status.SENDING, status=Status.SENT, sent_at=timezone.now(), body="", html_body="", headers={})
        return Status.SENT
    finally:
        try:
            connection.close()
        except Exception:  # the message's state is already recorded
            logger.warning("outbox: closing the mail connection failed", exc_info=True)


def recover_stale(*, now=None) -> tuple[int, int]:
    """Messages left by a worker that died: `claimed` ones go back to pending, `sending` ones to review."""
    now = now or timezone.now()
    limit = now - timedelta(seconds=settings.EMAIL_OUTBOX_STALE_SECONDS)
    released = OutboxMessage.objects.filter(status=Status.CLAIMED, claimed_at__lt=limit).update(
        status=Status.PENDING, next_attempt_at=now, last_error="Le processus d'envoi s'est arrêté avant l'envoi."
    )
    doubtful = OutboxMessage.objects.filter(status=Status.SENDING, claimed_at__lt=limit).update(
        status=Status.REVIEW,
        last_error=(
            "Le processus d'envoi s'est arrêté pendant l'envoi : le message a peut-être été remis. Vérifiez auprès "
            "du serveur de messagerie avant de le renvoyer."
        ),
    )
    return released, doubtful


def flush(*, limit: int = 200) -> dict[str, int]:
    """Send the due messages (periodic task). Once one goes through, the server is back: the others go too."""
    recover_stale()
    OutboxMessage.objects.filter(status=Status.DECOY).delete()  # decoys the task queue never got
    counts: dict[str, int] = {}
    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        state = deliver(pk)
        if state is not None:
            counts[state] = counts.get(state, 0) + 1
        if state == Status.SENT and len(due) < limit:
            waiting = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__gt=now)
            due.extend(waiting.order_by("pk").values_list("pk", flat=True)[: limit - len(due)])
            waiting.filter(pk__in=due).update(next_attempt_at=now)
        if state == Status.PENDING:  # the server is still down: the rest waits for the next flush
            break
    return counts


def requeue(queryset) -> list[int]:
    """The Logis team decided to send again (failed messages, or reviewed ones known not to have arrived)."""
    pks = list(queryset.filter(status__in=[Status.FAILED, Status.REVIEW]).values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=pks).update(status=Status.PENDING, next_attempt_at=timezone.now())
    return pks


def mark_delivered(queryset) -> int:
    """The Logis team checked that a message under review did arrive."""
    return queryset.filter(status=Status.REVIEW).update(
        status=Status.SENT, sent_at=timezone.now(), body="", html_body="", headers={}
    )
