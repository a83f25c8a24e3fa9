"""E-mails of the platform: rendered from templates, written to the outbox, sent by the task queue after commit."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from logis.core.tasks import enqueue_on_commit
from logis.notifications import centre, outbox
from logis.notifications.kinds import always_by_email, category_of
from logis.notifications.tasks import send_outbox_message, send_outbox_messages

logger = logging.getLogger(__name__)


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Render notifications/email/<template>_subject.txt and _body.txt."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body


def send_email_on_commit(template: str, *, to: str, context: dict, key: str | None = None, user=None) -> None:
    """Render now (so the data is the one being committed) and write the message to the outbox.

    When the recipient has an account, the message also appears in their notification centre; it is not e-mailed
    when they muted its category, unless it carries a legal deadline (logis.notifications.kinds).

    The row belongs to the caller's transaction: rolled back with it, or sent once it commits (at most once per
    `key` and recipient: give the event, e.g. f"employer_invitation:{invitation.pk}"). `user` is the account the
    message concerns, when there is one (the send limits of the import code count its delivered messages).
    """
    subject, body = render_email(template, context)
    account = centre.account_for(to, user)
    emailed = account is None or centre.wants_email(account, template)
    if account is not None:
        # The in-product copy (notification centre), in the same transaction as the change and the outbox row.
        centre.record(
            user=account,
            template=template,
            subject=subject,
            body=body,
            link=context.get("link", ""),
            emailed=emailed,
            key=key,
        )
    if emailed:
        queue(template=template, to=to, subject=subject, body=body, key=key, user=user)


def send_emails_on_commit(messages: list[dict]) -> int:
    """`send_email_on_commit` for many messages (a scheduled job's), in a few queries for the whole batch.

    Each message is a dict of send_email_on_commit's arguments (template, to, context, key — required here —,
    user), and optionally `headers` (extra headers of the e-mail, e.g. List-Unsubscribe) and `subject` and `body`
    already rendered (by a job that builds its text faster than the templates, the same text): the same rendering,
    notification centre copy, muted categories and outbox row, at most once per key and recipient, handed to the
    task queue after commit. Returns how many were e-mailed.
    """
    if not messages:
        return 0
    accounts = [centre.account_for(message["to"], message.get("user")) for message in messages]
    muted = centre.muted([a for a in accounts if a is not None], {message["template"] for message in messages})
    to_record, to_queue = [], []
    for message, account in zip(messages, accounts, strict=True):
        if "body" in message:
            subject, body = message["subject"], message["body"]
        else:
            subject, body = render_email(message["template"], message["context"])
        template = message["template"]
        emailed = account is None or always_by_email(template) or (account.pk, category_of(template)) not in muted
        if account is not None:
            to_record.append(
                {
                    "user": account,
                    "template": template,
                    "subject": subject,
                    "body": body,
                    "link": message["context"].get("link", ""),
                    "emailed": emailed,
                    "key": message["key"],
                }
            )
        if emailed:
            to_queue.append(
                {
                    "template": template,
                    "to": message["to"],
                    "subject": subject,
                    "body": body,
                    "key": message["key"],
                    "user": message.get("user"),
                    "headers": message.get("headers") or {},
                }
            )
    centre.record_many(to_record)
    pks = outbox.write_many(to_queue)
    transaction.on_commit(lambda: dispatch_many(pks))
    return len(to_queue)


def queue(*, template: str, to: str, subject: str, body: str, html_body: str = "", key=None, user=None) -> None:
    message, created = outbox.write(
        template=template, to=to, subject=subject, body=body, html_body=html_body, key=key, user=user
    )
    if created:
        dispatch(message.pk)


def queue_decoy(*, template: str, key: str | None = None, user=None) -> None:
    """The work of `queue` (an outbox row, handed to the task queue after commit) for a message never sent: the
    answers that must take as long whatever exists (issue #12). The worker deletes the row."""
    message = outbox.write_decoy(template=template, key=key, user=user)
    dispatch(message.pk)


def queue_email_message(message: EmailMessage, *, template: str, key: str | None = None, user=None) -> None:
    """Queue an EmailMessage rendered elsewhere (allauth's): one outbox row per recipient."""
    html_body = ""
    if isinstance(message, EmailMultiAlternatives):
        html_body = next((content for content, mimetype in message.alternatives if mimetype == "text/html"), "")
    body = message.body
    if getattr(message, "content_subtype", "plain") == "html":
        body, html_body = "", message.body
    for to in message.to:
        queue(template=template, to=to, subject=message.subject, body=body, html_body=html_body, key=key, user=user)


def dispatch(pk: int) -> None:
    """Hand the message to the task queue once the transaction commits, with the transaction's other tasks (one
    message to the broker: logis.core.tasks). A broker that is down changes nothing: the periodic flush sends it."""
    enqueue_on_commit(send_outbox_message, pk)


DISPATCH_CHUNK = 50


def dispatch_many(pks: list[int]) -> None:
    """Hand many messages to the task queue, DISPATCH_CHUNK per task (one hand-over each, not one per message);
    a broker that is down changes nothing, as for `dispatch`."""
    for start in range(0, len(pks), DISPATCH_CHUNK):
        chunk = pks[start : start + DISPATCH_CHUNK]
        try:
            send_outbox_messages.delay(chunk)
        except Exception:  # the broker is unreachable: the rows are committed, outbox_flush picks them up
            logger.warning(
                "outbox: %s messages not handed to the task queue; the periodic flush will send them", len(chunk)
            )


def send_again(queryset) -> int:
    """Failed or reviewed messages that the Logis team sends again, handed to the queue after commit."""
    pks = outbox.requeue(queryset)
    for pk in pks:
        dispatch(pk)
    return len(pks)
