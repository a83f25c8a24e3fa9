"""The confirmation e-mail really leaves through SMTP (aiosmtpd on a free local port)."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import confirmation_path, sign_up


class Inbox:
    """aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.mark.django_db
def test_confirmation_email_is_delivered_by_smtp_with_a_working_link(client, smtp_inbox):
    sign_up(client, email="camille@exemple.fr")

    assert len(smtp_inbox.envelopes) == 1
    envelope = smtp_inbox.envelopes[0]
    assert envelope.rcpt_tos == ["camille@exemple.fr"]
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"].strip() == "[Logis] Confirmez votre adresse e-mail pour créer votre compte"
    assert message["From"] == "Logis <ne-pas-repondre@logis.example>"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Bonjour Camille" in body

    confirmed = Client().post(confirmation_path(body))

    assert confirmed["Location"] == reverse("account_set_password")
