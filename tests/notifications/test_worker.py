"""A real Celery worker against a private Redis sends the outbox, with SMTP down first, then back."""

from django.db import transaction
from django.utils import timezone

from logis.notifications.email import send_email_on_commit
from logis.notifications.models import OutboxMessage
from tests.support.services import logis_env, start_worker, stop_process, wait_for
from tests.support.smtp import SmtpServer

CONTEXT = {"organization": "Tissages du Rhône", "inviter": "Alex Petit", "link": "https://x.example/i/1", "days": 7}


def test_worker_sends_the_outbox_once_smtp_returns(broker, tmp_path, settings):
    smtp = SmtpServer()  # down: nothing listens on its port yet
    worker = start_worker(
        logis_env(
            CELERY_BROKER_URL=f"{broker.url}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=smtp.port,
            EMAIL_OUTBOX_FLUSH_SECONDS=0.5,
            EMAIL_OUTBOX_RETRY_BASE_SECONDS=1,
            EMAIL_OUTBOX_RETRY_MAX_SECONDS=1,
        ),
        tmp_path / "worker",
    )
    try:
        with transaction.atomic():
            send_email_on_commit("employer_invitation", to="lou@exemple.fr", context=CONTEXT, key="invitation:1")
        message = OutboxMessage.objects.get()
        # The worker took the task from Redis and found the mail server down: the message waits.
        wait_for(
            lambda: OutboxMessage.objects.filter(pk=message.pk, attempts__gte=1, status="pending").exists(),
            timeout=30,
            what="a first attempt by the worker",
        )
        assert "Connexion au serveur de messagerie impossible" in OutboxMessage.objects.get().last_error

        smtp.start()
        wait_for(
            lambda: OutboxMessage.objects.filter(pk=message.pk, status="sent").exists(),
            timeout=30,
            what="delivery once SMTP is back",
        )
        assert len(smtp.inbox.to("lou@exemple.fr")) == 1
        assert OutboxMessage.objects.get().sent_at <= timezone.now()
    finally:
        stop_process(worker)
        smtp.stop()
    assert len(smtp.inbox.envelopes) == 1
