"""E-mails of the platform: rendered from templates, sent after the surrounding transaction commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string


def render_email(template: str, context: dict) -> tuple[str, str]:
    """Render notifications/email/<template>_subject.txt and _body.txt."""
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"notifications/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"notifications/email/{template}_body.txt", context)
    return settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body


def send_email(template: str, *, to: str, context: dict) -> None:
    """Send now. Use send_email_on_commit from inside a transaction."""
    subject, body = render_email(template, context)
    EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to]).send()


def send_email_on_commit(template: str, *, to: str, context: dict) -> None:
    """Render now (so the data is the committed one), send once the transaction commits."""
    subject, body = render_email(template, context)
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    transaction.on_commit(message.send)
