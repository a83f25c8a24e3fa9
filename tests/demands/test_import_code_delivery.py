"""The import's security code through the outbox: only delivered codes count in the daily limit."""

import datetime as dt

import pytest
from django.test import TestCase
from django.utils import timezone

from logis.demands import services
from logis.notifications import outbox
from logis.notifications.models import OutboxMessage
from tests.demands.conftest import CODE_LINE
from tests.support.smtp import SmtpServer

pytestmark = pytest.mark.django_db
Status = OutboxMessage.Status


@pytest.fixture
def smtp_down(settings):
    server = SmtpServer()
    server.use_in(settings)
    yield server
    server.stop()


def _ask(user, numero, now):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.demand_import_start(user=user, numero_unique=numero, now=now)


def test_codes_not_delivered_do_not_use_up_the_allowance_and_only_the_last_one_goes_out(
    applicant, registered, smtp_down, settings
):
    now = timezone.now()
    for i in range(settings.LOGIS_IMPORT_CODE_MAX_SENDS + 2):
        challenge = _ask(applicant, registered.numero_unique, now + dt.timedelta(minutes=2 * i))

    assert challenge.sends == settings.LOGIS_IMPORT_CODE_MAX_SENDS + 2  # asked for, not refused
    codes = OutboxMessage.objects.filter(user=applicant, template="registry_security_code")
    assert codes.filter(status=Status.PENDING).count() == 1  # the older codes no longer work: dropped
    assert codes.filter(status=Status.CANCELLED).count() == settings.LOGIS_IMPORT_CODE_MAX_SENDS + 1

    smtp_down.start()
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    outbox.flush()

    [received] = smtp_down.inbox.to("camille.durand@exemple.fr")
    code = CODE_LINE.search(received.get_body(preferencelist=("plain",)).get_content()).group(1)
    later = now + dt.timedelta(minutes=30)
    demand = services.demand_import_confirm(user=applicant, code=code, now=later)
    assert demand.numero_unique == registered.numero_unique


def test_delivered_codes_count_in_the_limit(applicant, registered, start_import, settings):
    now = timezone.now()
    for i in range(settings.LOGIS_IMPORT_CODE_MAX_SENDS):
        start_import(applicant, registered.numero_unique, now=now + dt.timedelta(minutes=2 * i))

    with pytest.raises(services.DemandImportError, match="Vous avez demandé 5 codes en 24 heures") as error:
        services.demand_import_resend(user=applicant, now=now + dt.timedelta(hours=1))
    assert error.value.code == "too_many_sends"
