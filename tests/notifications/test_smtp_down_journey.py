"""Acceptance: with the mail server down, sign-up, import code and HR invitation answer their normal pages; once it
returns, a real Celery worker (private Redis) delivers each e-mail exactly once (aiosmtpd stopped, then started)."""

import re
import time

from django.core.cache import cache
from django.urls import reverse

from logis.notifications.models import OutboxMessage
from logis.organizations.models import Membership
from tests.clients import CommittingClient
from tests.factories import MembershipFactory, OrganizationFactory, RegisteredDemandFactory, UserFactory
from tests.support.services import logis_env, start_worker, stop_process, wait_for
from tests.support.smtp import SmtpServer


def test_mail_down_then_back_every_email_once(broker, tmp_path, settings):
    cache.clear()  # allauth's per-address limits of the tests before
    smtp = SmtpServer()  # not started: the mail server is down
    for name, value in {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": smtp.port, "EMAIL_TIMEOUT": 5}.items():
        setattr(settings, name, value)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    worker = start_worker(
        logis_env(
            CELERY_BROKER_URL=f"{broker.url}/0",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=smtp.port,
            EMAIL_OUTBOX_FLUSH_SECONDS=1,
            EMAIL_OUTBOX_RETRY_BASE_SECONDS=1,
            EMAIL_OUTBOX_RETRY_MAX_SECONDS=2,
        ),
        tmp_path / "worker",
    )
    try:
        registered = RegisteredDemandFactory(email="registre.lou@exemple.fr")
        applicant = UserFactory(email="lou@exemple.fr")
        hr = MembershipFactory(
            organization=OrganizationFactory(name="Tissages du Rhône"), role=Membership.Role.HR, user__email="rh@t.fr"
        ).user

        signup = CommittingClient().post(
            reverse("account_signup"),
            {"first_name": "Camille", "last_name": "Martin", "email": "camille@exemple.fr"},
            follow=True,
        )
        importer = CommittingClient()
        importer.force_login(applicant)
        code = importer.post(reverse("demands:import_start"), {"numero_unique": registered.numero_unique}, follow=True)
        inviter = CommittingClient()
        inviter.force_login(hr)
        invitation = inviter.post(reverse("employers:team"), {"email": "collegue@t.fr"}, follow=True)

        assert [signup.status_code, code.status_code, invitation.status_code] == [200, 200, 200]
        assert signup.redirect_chain[-1][0] == reverse("account_email_verification_sent")
        recipients = {"camille@exemple.fr", "registre.lou@exemple.fr", "collegue@t.fr"}
        assert set(OutboxMessage.objects.values_list("to", flat=True)) == recipients
        # The worker tried and found the server down: nothing left, nothing lost.
        wait_for(lambda: not OutboxMessage.objects.filter(attempts=0).exists(), timeout=30, what="first attempts")
        assert not OutboxMessage.objects.filter(status="sent").exists()
        assert smtp.inbox.envelopes == []

        smtp.start()
        wait_for(
            lambda: OutboxMessage.objects.filter(status="sent").count() == 3, timeout=60, what="delivery of all three"
        )
        time.sleep(3)  # a few more flushes of the worker (every second): none may send anything again
    finally:
        stop_process(worker)
        smtp.stop()

    delivered = sorted(address for envelope in smtp.inbox.envelopes for address in envelope.rcpt_tos)
    assert delivered == sorted(recipients)  # each one exactly once
    code_mail = smtp.inbox.to("registre.lou@exemple.fr")[0].get_body(preferencelist=("plain",)).get_content()
    assert re.search(r"^\s+\d{6}\s*$", code_mail, re.MULTILINE)
    assert OutboxMessage.objects.get(to="registre.lou@exemple.fr").user == applicant  # counted for the account
