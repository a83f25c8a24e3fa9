"""E-mails of the platform: rendered from templates, written to the outbox, sent by the task queue after commit."""

from django.conf import settings
from django.template.loader import render_to_string

from logis.notifications import outbox


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Render notifications/email/<template>_subject.txt and _body.txt."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body


def send_email_on_commit(template: str, *, to: str, context: dict, key: str | None = None, user=None) -> None:
    """Render now (so the data is the one being committed) and write the message to the outbox.

    The row belongs to the caller's transaction: rolled back with it, or sent once it commits (at most once per
    `key` and recipient: give the event, e.g. f"employer_invitation:{invitation.pk}"). `user` is the account the
    message concerns, when there is one (the send limits of the import code count its delivered messages).
    """
    subject, body = render_email(template, context)
    outbox.enqueue(template=template, to=to, subject=subject, body=body, key=key, user=user)
