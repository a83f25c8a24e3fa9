"""The e-mail outbox against a real SMTP server (aiosmtpd): at most once per person and event, nothing lost."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from logis.notifications import email, outbox
from logis.notifications.email import send_email_on_commit
from logis.notifications.models import OutboxMessage
from tests.factories import UserFactory
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status
CONTEXT = {"organization": "Tissages du Rhône", "inviter": "Alex Petit", "link": "https://x.example/i/1", "days": 7}


@pytest.fixture
def smtp(settings):
    server = SmtpServer()
    server.use_in(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp_down(settings):
    """A mail server that is not running yet (its port is free); start() brings it up."""
    server = SmtpServer()
    server.use_in(settings)
    yield server
    server.stop()


def invite(to="lou@exemple.fr", key="employer_invitation:1", **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_email_on_commit("employer_invitation", to=to, context=CONTEXT, key=key, **kwargs)
    return OutboxMessage.objects.get(idempotency_key=key, to=to)


def test_the_message_is_sent_after_commit_and_its_body_is_then_erased(smtp):
    message = invite()

    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.body == ""  # the invitation link is not kept once delivered
    [received] = smtp.inbox.to("lou@exemple.fr")
    assert received["Subject"].strip() == "[Logis] Invitation à rejoindre l'espace entreprise de Tissages du Rhône"
    assert received["Message-ID"] == message.message_id
    assert "https://x.example/i/1" in received.get_body(preferencelist=("plain",)).get_content()


def test_a_rolled_back_change_sends_nothing(smtp):
    with (  # noqa: PT012
        pytest.raises(RuntimeError, match="annulé"),
        TestCase.captureOnCommitCallbacks(execute=True),
        transaction.atomic(),
    ):
        send_email_on_commit("employer_invitation", to="lou@exemple.fr", context=CONTEXT, key="k")
        raise RuntimeError("annulé")

    assert not OutboxMessage.objects.exists()
    assert smtp.inbox.envelopes == []


def test_the_same_event_twice_is_one_message_to_each_person(smtp):
    invite(key="employer_invitation:7")
    invite(key="employer_invitation:7")
    invite(to="sam@exemple.fr", key="employer_invitation:7")

    assert len(smtp.inbox.to("lou@exemple.fr")) == 1
    assert len(smtp.inbox.to("sam@exemple.fr")) == 1
    assert OutboxMessage.objects.count() == 2


def test_message_id_is_derived_from_the_event_and_the_person():
    assert outbox._message_id("a:1", "Lou@Exemple.fr") == outbox._message_id("a:1", "lou@exemple.fr")
    assert outbox._message_id("a:1", "lou@exemple.fr") != outbox._message_id("a:2", "lou@exemple.fr")
    assert outbox._message_id("a:1", "lou@exemple.fr").endswith("@logis.example>")


def test_mail_server_down_keeps_the_message_and_sends_it_once_when_it_returns(smtp_down, settings):
    message = invite()

    message.refresh_from_db()
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at > timezone.now()  # back-off
    assert "Connexion au serveur de messagerie impossible" in message.last_error
    assert "https://x.example/i/1" in message.body  # kept until delivered

    assert outbox.flush() == {}  # not due yet: nothing tried
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.flush() == {Status.PENDING: 1}  # still down
    smtp_down.start()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.flush() == {Status.SENT: 1}
    assert outbox.flush() == {}

    assert len(smtp_down.inbox.to("lou@exemple.fr")) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 3)


def test_once_the_server_is_back_the_messages_waiting_for_their_back_off_go_too(smtp_down):
    first = invite(key="e:1")
    second = invite(key="e:2")
    OutboxMessage.objects.filter(pk=first.pk).update(next_attempt_at=timezone.now())
    smtp_down.start()

    assert outbox.flush() == {Status.SENT: 2}
    assert OutboxMessage.objects.get(pk=second.pk).status == Status.SENT


def test_back_off_doubles_up_to_its_ceiling(settings):
    settings.EMAIL_OUTBOX_RETRY_BASE_SECONDS = 30
    settings.EMAIL_OUTBOX_RETRY_MAX_SECONDS = 600
    assert [outbox._backoff(n).total_seconds() for n in (1, 2, 3, 5, 6, 20)] == [30, 60, 120, 480, 600, 600]


def test_after_the_last_attempt_the_message_is_failed_and_kept(smtp_down, settings):
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 1
    message = invite()

    message.refresh_from_db()
    assert message.status == Status.FAILED
    assert message.body != ""


def test_a_permanent_refusal_fails_at_once_and_a_temporary_one_is_retried(smtp):
    smtp.inbox.refuse = "550 5.1.1 Adresse inconnue"
    refused = invite(key="e:1")
    smtp.inbox.refuse = "451 4.3.0 Réessayez plus tard"
    delayed = invite(key="e:2")

    assert OutboxMessage.objects.get(pk=refused.pk).status == Status.FAILED
    assert "Adresse inconnue" in OutboxMessage.objects.get(pk=refused.pk).last_error
    assert OutboxMessage.objects.get(pk=delayed.pk).status == Status.PENDING


def test_a_connection_lost_after_the_data_goes_to_review_and_is_never_sent_again(smtp):
    smtp.inbox.drop_after_data = True
    message = invite()

    message.refresh_from_db()
    assert message.status == Status.REVIEW
    assert "a peut-être été remis" in message.last_error
    smtp.inbox.drop_after_data = False
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - dt.timedelta(hours=1))
    assert outbox.flush() == {}
    assert len(smtp.inbox.envelopes) == 1  # the server did get it once; never a second time by itself


def test_a_worker_that_died_while_sending_leaves_the_message_to_review(smtp, settings):
    long_ago = timezone.now() - dt.timedelta(seconds=settings.EMAIL_OUTBOX_STALE_SECONDS + 1)
    user = UserFactory()
    sending = OutboxMessage.objects.create(
        idempotency_key="e:1", to="a@exemple.fr", template="t", subject="s", body="b", message_id="<1@x>",
        status=Status.SENDING, attempts=1, claimed_at=long_ago, next_attempt_at=long_ago, user=user,
    )  # fmt: skip
    claimed = OutboxMessage.objects.create(
        idempotency_key="e:2", to="b@exemple.fr", template="t", subject="s", body="b", message_id="<2@x>",
        status=Status.CLAIMED, attempts=1, claimed_at=long_ago, next_attempt_at=long_ago,
    )  # fmt: skip

    assert outbox.flush() == {Status.SENT: 1}

    assert OutboxMessage.objects.get(pk=sending.pk).status == Status.REVIEW  # may have been delivered
    assert OutboxMessage.objects.get(pk=claimed.pk).status == Status.SENT  # had not reached the server
    assert [m["To"] for m in smtp.inbox.messages()] == ["b@exemple.fr"]


def test_a_slow_worker_whose_claim_was_taken_over_changes_nothing(smtp):
    message = OutboxMessage.objects.create(
        idempotency_key="e:1", to="a@exemple.fr", template="t", subject="s", body="b", message_id="<1@x>",
        next_attempt_at=timezone.now(),
    )  # fmt: skip
    slow = outbox._claim(message.pk)
    OutboxMessage.objects.filter(pk=message.pk).update(status=Status.PENDING)  # released as stale
    assert outbox.deliver(message.pk) == Status.SENT  # another worker sends it

    assert not outbox._update(slow, Status.CLAIMED, status=Status.SENDING)  # the slow one may not go on
    assert len(smtp.inbox.envelopes) == 1


def test_the_team_sees_pending_and_failed_messages_without_their_bodies(client, smtp_down, settings):
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 1
    invite(key="e:1", to="lou@exemple.fr")
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))

    page = client.get(reverse("admin:notifications_outboxmessage_changelist"), {"status__exact": "failed"})
    detail = client.get(
        reverse("admin:notifications_outboxmessage_change", args=[OutboxMessage.objects.get().pk])
    ).content.decode()

    assert page.status_code == 200
    assert "lou@exemple.fr" in page.content.decode()
    assert "Échec : abandonné" in page.content.decode()
    assert "Connexion au serveur de messagerie impossible" in detail
    assert "https://x.example/i/1" not in detail  # the invitation link stays out of the back office


def test_the_team_sends_a_failed_message_again_once_the_server_is_back(client, smtp_down, settings):
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 1
    message = invite()
    smtp_down.start()
    client.force_login(UserFactory(is_staff=True, is_superuser=True, kind="staff"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(
            reverse("admin:notifications_outboxmessage_changelist"),
            {"action": "send_again", "_selected_action": [message.pk]},
        )

    assert OutboxMessage.objects.get().status == Status.SENT
    assert len(smtp_down.inbox.to("lou@exemple.fr")) == 1


def test_a_broker_that_is_down_does_not_fail_the_change(settings, smtp, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(email.send_outbox_message, "delay", broker_down)
    message = invite()

    assert OutboxMessage.objects.get(pk=message.pk).status == Status.PENDING
    assert outbox.flush() == {Status.SENT: 1}  # the periodic flush sends it
