"""Import of a register demand into an account ("Ma situation"): number, security code, limits."""

import datetime as dt
import json

import pytest
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from logis.demands import services
from logis.demands.models import Demand, ImportChallenge
from tests.demands.conftest import last_code
from tests.factories import CommuneFactory, DemandFactory, RegisteredDemandFactory, UserFactory

pytestmark = pytest.mark.django_db


def _confirm(user, code, **kwargs):
    return services.demand_import_confirm(user=user, code=code, **kwargs)


def _start_quietly(user, numero, **kwargs):
    """Start an import as the page does (the e-mails of the commit sent) and return the challenge."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.demand_import_start(user=user, numero_unique=numero, **kwargs)


def _not_importable():
    """A numéro of each kind that must get no code, and the same answer as one that does (issue #12)."""
    linked = RegisteredDemandFactory()
    DemandFactory(numero_unique=linked.numero_unique)
    return {
        "unknown": "069 1125 999999 G0001",
        "linked to another account": linked.numero_unique,
        "expired": RegisteredDemandFactory(expired=True).numero_unique,
        "radiated": RegisteredDemandFactory(status="radiated").numero_unique,
    }


def _answer(challenge) -> tuple:
    """What the account can observe of a started import."""
    return (
        challenge.consumed_at,
        challenge.abandoned_at,
        challenge.attempts,
        challenge.sends,
        challenge.expires_at - challenge.created_at,
    )


def test_every_numero_gets_the_same_answer_and_only_an_importable_one_a_code(applicant, registered, mailoutbox):
    answers = {"importable": _answer(_start_quietly(UserFactory(), registered.numero_unique))}
    assert [message.to for message in mailoutbox] == [["camille.durand@exemple.fr"]]
    for kind, numero in _not_importable().items():
        answers[kind] = _answer(_start_quietly(UserFactory(), numero))
    assert len(set(answers.values())) == 1, answers
    assert len(mailoutbox) == 1  # nobody else received a code


def test_a_wrong_code_gets_the_same_answer_whether_a_code_was_sent_or_not(applicant, registered, mailoutbox):
    answers = {}
    for kind, numero in {"importable": registered.numero_unique, **_not_importable()}.items():
        user = UserFactory()
        _start_quietly(user, numero)
        wrong = f"{(int(last_code(mailoutbox)) + 1) % 10**6:06d}"  # wrong for the one code sent, as for the others
        with pytest.raises(services.DemandImportError) as error:
            _confirm(user, wrong)
        answers[kind] = (error.value.code, error.value.message)
    assert len(set(answers.values())) == 1, answers
    assert answers["unknown"][0] == "wrong_code"


def test_no_code_ever_opens_a_numero_that_got_none(applicant, settings):
    settings.LOGIS_IMPORT_CODE_MAX_ATTEMPTS = 1000
    settings.LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY = 1000
    _start_quietly(applicant, "069 1125 999999 G0001")
    for code in ("000000", "123456", "999999"):
        with pytest.raises(services.DemandImportError, match="pas le bon"):
            _confirm(applicant, code)
    assert not Demand.objects.exists()


def test_numeros_that_got_no_code_count_in_the_send_limit_like_the_others(applicant, settings):
    now = timezone.now()
    for i in range(settings.LOGIS_IMPORT_CODE_MAX_SENDS):
        _start_quietly(applicant, f"069 1125 99999{i} G0001", now=now + dt.timedelta(minutes=i))
    with pytest.raises(services.DemandImportError) as error:
        _start_quietly(applicant, RegisteredDemandFactory().numero_unique, now=now + dt.timedelta(hours=2))
    assert error.value.code == "too_many_sends"
    assert f"Vous avez demandé {settings.LOGIS_IMPORT_CODE_MAX_SENDS} codes en 24 heures" in error.value.message


def test_number_with_an_unusual_format_is_not_rejected_when_the_register_knows_it(applicant, start_import):
    legacy = RegisteredDemandFactory(numero_unique="LEGACY123")
    challenge, _code = start_import(applicant, "legacy 123")
    assert challenge.numero_unique == legacy.numero_unique


def test_start_sends_a_code_to_the_register_address_and_keeps_only_a_hash(
    applicant, registered, start_import, mailoutbox
):
    challenge, code = start_import(applicant, f" {registered.numero_unique.lower()} ")

    assert mailoutbox[-1].to == ["camille.durand@exemple.fr"]
    assert not challenge.decoy
    assert len(code) == 6
    assert code.isdigit()
    stored = ImportChallenge.objects.get()
    assert code not in stored.code_hash
    assert stored.numero_unique == registered.numero_unique
    assert stored.expires_at - stored.created_at == dt.timedelta(hours=24)


def test_the_right_code_imports_the_demand_from_the_register(applicant, registered, start_import, mailoutbox):
    _challenge, code = start_import(applicant, registered.numero_unique)

    demand = _confirm(applicant, code)

    demand.refresh_from_db()
    assert demand.owner == applicant
    assert demand.numero_unique == registered.numero_unique
    assert demand.expires_on == registered.expires_on
    assert demand.household_size == 2
    assert demand.reference_income == 21000  # the N-2 figure of the register
    assert demand.monthly_resources == 2040
    assert demand.workplace_commune_id == registered.workplace_commune_id
    assert demand.wished_communes == ["69123"]
    assert demand.wished_typologies == ["T2", "T3"]
    assert demand.max_rent == 800
    assert demand.snapshot["last_name"] == "Durand"
    assert demand.snapshot["members"][0]["first_name"] == "Léa"
    assert demand.snapshot["monthly_resources"] == [{"code": "SAL", "amount": 1900}, {"code": "AF", "amount": 140}]
    json.dumps(demand.snapshot)  # JSON-safe
    assert ImportChallenge.objects.get().consumed_at is not None


def test_import_confirmation_is_e_mailed_to_the_account(
    applicant, registered, start_import, mailoutbox, django_capture_on_commit_callbacks
):
    _challenge, code = start_import(applicant, registered.numero_unique)
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(applicant, code)
    assert mailoutbox[-1].to == [applicant.email]
    assert "rattachée à votre compte" in mailoutbox[-1].subject


def test_code_with_spaces_is_accepted(applicant, registered, start_import):
    _challenge, code = start_import(applicant, registered.numero_unique)
    assert _confirm(applicant, f"{code[:3]} {code[3:]}").numero_unique == registered.numero_unique


def test_wrong_code_says_how_many_attempts_are_left_and_the_attempt_is_recorded(applicant, registered, start_import):
    _challenge, code = start_import(applicant, registered.numero_unique)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    with pytest.raises(services.DemandImportError) as error:
        _confirm(applicant, wrong)

    assert error.value.code == "wrong_code"
    assert "il vous reste 4 essais" in error.value.message
    assert ImportChallenge.objects.get().attempts == 1
    assert not Demand.objects.exists()


def test_too_many_wrong_codes_lock_the_challenge_even_for_the_right_code(
    applicant, registered, start_import, settings
):
    _challenge, code = start_import(applicant, registered.numero_unique)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _ in range(settings.LOGIS_IMPORT_CODE_MAX_ATTEMPTS - 1):
        with pytest.raises(
            services.DemandImportError,
            match=r"Ce code n\'est pas le bon\. Vérifiez le dernier e-mail reçu : il vous reste \d essais?\.",
        ):
            _confirm(applicant, wrong)

    with pytest.raises(services.DemandImportError) as last:
        _confirm(applicant, wrong)
    assert last.value.code == "locked"
    assert "Demandez un nouveau code" in last.value.message

    with pytest.raises(services.DemandImportError) as error:
        _confirm(applicant, code)
    assert error.value.code == "locked"
    assert not Demand.objects.exists()


def test_a_new_code_unlocks_a_locked_challenge_and_the_old_code_stops_working(
    applicant, registered, start_import, resend_import, settings
):
    now = timezone.now()
    _challenge, old_code = start_import(applicant, registered.numero_unique, now=now)
    ImportChallenge.objects.update(attempts=settings.LOGIS_IMPORT_CODE_MAX_ATTEMPTS)

    _challenge, new_code = resend_import(applicant, now=now + dt.timedelta(minutes=2))

    if new_code != old_code:  # one chance in a million that they are equal
        with pytest.raises(services.DemandImportError) as error:
            _confirm(applicant, old_code, now=now + dt.timedelta(minutes=3))
        assert error.value.code == "wrong_code"
    assert _confirm(applicant, new_code, now=now + dt.timedelta(minutes=3)).owner == applicant


def test_expired_code_is_refused_and_a_new_code_works(applicant, registered, start_import, resend_import):
    now = timezone.now()
    _challenge, code = start_import(applicant, registered.numero_unique, now=now)
    later = now + dt.timedelta(hours=24, seconds=1)

    with pytest.raises(services.DemandImportError) as error:
        _confirm(applicant, code, now=later)
    assert error.value.code == "code_expired"
    assert "expiré" in error.value.message

    _challenge, new_code = resend_import(applicant, now=later)
    assert _confirm(applicant, new_code, now=later + dt.timedelta(minutes=1)).owner == applicant


def test_code_still_valid_just_before_24_hours(applicant, registered, start_import):
    now = timezone.now()
    _challenge, code = start_import(applicant, registered.numero_unique, now=now)
    assert _confirm(applicant, code, now=now + dt.timedelta(hours=23, minutes=59)).owner == applicant


def test_resend_within_the_cool_down_says_when_to_retry(applicant, registered, start_import):
    now = timezone.now()
    start_import(applicant, registered.numero_unique, now=now)

    with pytest.raises(services.DemandImportError) as error:
        services.demand_import_resend(user=applicant, now=now + dt.timedelta(seconds=20))

    assert error.value.code == "cooldown"
    assert "patientez encore 40 secondes" in error.value.message
    assert ImportChallenge.objects.get().sends == 1


def test_resends_are_limited_per_24_hours_and_allowed_again_after(
    applicant, registered, start_import, resend_import, settings
):
    now = timezone.now()
    start_import(applicant, registered.numero_unique, now=now)
    for i in range(1, settings.LOGIS_IMPORT_CODE_MAX_SENDS):
        resend_import(applicant, now=now + dt.timedelta(minutes=2 * i))
    assert ImportChallenge.objects.get().sends == settings.LOGIS_IMPORT_CODE_MAX_SENDS

    with pytest.raises(services.DemandImportError) as error:
        services.demand_import_resend(user=applicant, now=now + dt.timedelta(hours=1))
    assert error.value.code == "too_many_sends"
    assert "à partir du" in error.value.message

    challenge, code = resend_import(applicant, now=now + dt.timedelta(hours=24, minutes=1))
    assert challenge.sends == 1
    assert _confirm(applicant, code, now=now + dt.timedelta(hours=24, minutes=2)).owner == applicant


def test_typing_the_number_again_is_a_resend_with_the_same_limits(applicant, registered, start_import):
    now = timezone.now()
    start_import(applicant, registered.numero_unique, now=now)

    with pytest.raises(services.DemandImportError) as error:
        services.demand_import_start(user=applicant, numero_unique=registered.numero_unique, now=now)
    assert error.value.code == "cooldown"

    challenge, _code = start_import(applicant, registered.numero_unique, now=now + dt.timedelta(minutes=2))
    assert challenge.sends == 2
    assert ImportChallenge.objects.count() == 1


def test_starting_with_another_number_cancels_the_pending_code(applicant, registered, start_import):
    other = RegisteredDemandFactory()
    now = timezone.now()
    _challenge, first_code = start_import(applicant, other.numero_unique, now=now)
    _challenge, code = start_import(applicant, registered.numero_unique, now=now + dt.timedelta(minutes=1))

    demand = _confirm(applicant, code, now=now + dt.timedelta(minutes=2))

    assert demand.numero_unique == registered.numero_unique
    assert ImportChallenge.objects.filter(numero_unique=other.numero_unique).get().abandoned_at is not None


def test_changing_numbers_does_not_escape_the_send_limit(applicant, settings, start_import):
    now = timezone.now()
    for i in range(settings.LOGIS_IMPORT_CODE_MAX_SENDS):
        start_import(applicant, RegisteredDemandFactory().numero_unique, now=now + dt.timedelta(minutes=i))
    with pytest.raises(services.DemandImportError) as error:
        services.demand_import_start(
            user=applicant, numero_unique=RegisteredDemandFactory().numero_unique, now=now + dt.timedelta(hours=2)
        )
    assert error.value.code == "too_many_sends"


def test_demand_already_linked_to_another_account_sends_no_code_and_is_not_linked_twice(
    applicant, registered, mailoutbox
):
    DemandFactory(numero_unique=registered.numero_unique)

    challenge = _start_quietly(applicant, registered.numero_unique)

    assert challenge.decoy
    assert mailoutbox == []
    with pytest.raises(services.DemandImportError, match="pas le bon"):
        _confirm(applicant, "000000")
    assert not Demand.objects.filter(owner=applicant).exists()


def test_demand_linked_elsewhere_between_the_code_and_its_confirmation_is_refused(applicant, registered, start_import):
    _challenge, code = start_import(applicant, registered.numero_unique)
    DemandFactory(numero_unique=registered.numero_unique)

    with pytest.raises(services.DemandImportError) as error:
        _confirm(applicant, code)

    assert error.value.code == "linked_elsewhere"
    assert not Demand.objects.filter(owner=applicant).exists()


@pytest.mark.parametrize("state", [{"expired": True}, {"status": "radiated"}])
def test_an_expired_or_radiated_register_demand_gets_no_code(applicant, state, mailoutbox):
    ended = RegisteredDemandFactory(**state)
    challenge = _start_quietly(applicant, ended.numero_unique)
    assert challenge.decoy
    assert mailoutbox == []


def test_an_account_with_a_demand_cannot_import_another(registered):
    demand = DemandFactory()
    with pytest.raises(services.DemandImportError) as error:
        services.demand_import_start(user=demand.owner, numero_unique=registered.numero_unique)
    assert error.value.code == "already_linked"


def test_confirm_without_a_pending_code_asks_for_the_number_first(applicant):
    with pytest.raises(services.DemandImportError) as error:
        _confirm(applicant, "123456")
    assert error.value.code == "no_challenge"


def test_a_second_confirmation_after_success_returns_the_same_demand(applicant, registered, start_import):
    _challenge, code = start_import(applicant, registered.numero_unique)
    first = _confirm(applicant, code)
    assert _confirm(applicant, code) == first
    assert Demand.objects.count() == 1


def test_the_database_keeps_one_demand_per_account_and_one_account_per_demand():
    demand = DemandFactory()
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        DemandFactory(numero_unique=demand.numero_unique)
    with pytest.raises(IntegrityError, match="(?i)unique"), transaction.atomic():
        DemandFactory(owner=demand.owner)


def test_refresh_reads_the_register_again(applicant, registered, start_import):
    _challenge, code = start_import(applicant, registered.numero_unique)
    demand = _confirm(applicant, code)
    registered.rfr_n2 = 19500
    registered.max_rent = 900
    registered.workplace_commune = CommuneFactory(grenoble=True)
    registered.save()

    services.demand_refresh(demand=demand, by=applicant)

    demand.refresh_from_db()
    assert demand.reference_income == 19500
    assert demand.max_rent == 900
    assert demand.workplace_commune_id == "38185"
    assert demand.snapshot["rfr_n2"] == 19500


def test_only_the_owner_may_refresh_a_demand():
    demand = DemandFactory()
    with pytest.raises(services.DemandRefreshError, match="Seul le titulaire de la demande peut la mettre à jour"):
        services.demand_refresh(demand=demand, by=UserFactory())


def test_code_mail_reaches_the_register_address_not_the_account(applicant, registered, start_import, mailoutbox):
    start_import(applicant, registered.numero_unique)
    assert mailoutbox[-1].to == [registered.email]
    assert applicant.email not in mailoutbox[-1].to
    assert last_code(mailoutbox)
