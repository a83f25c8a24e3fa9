"""The README's « Security model » says, in a few lines, what the code does (issue #12): its figures are the code's."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from logis.accounts import throttle
from logis.organizations.roles import Role
from logis.privacy import limits

README = Path(__file__).resolve().parents[2] / "README.md"


def _section() -> str:
    text = README.read_text()
    start = text.index("## Security model")
    return " ".join(text[start : text.index("\n## ", start + 1)].split())


def test_the_section_names_every_role_and_what_each_sees():
    section = _section()
    for role in Role:
        if role != Role.SYSTEM:
            assert role.value in section or role.name.lower() in section, role
    for sees in ("never income, household, health or documents", "only their own demand", "the back office"):
        assert sees in section


def test_the_sign_in_and_deletion_limits_are_the_codes():
    section = _section()
    assert f"after {throttle.FREE_FAILURES} failures, growing delays ({throttle.BASE_DELAY} s" in section
    assert f"{throttle.MAX_DELAY // 60} min); after {throttle.LOCK_AFTER}, that pair is suspended" in section
    assert f"idle for {settings.LOGIS_PROFESSIONAL_IDLE_MINUTES} minutes are signed out" in section
    waits = f"after {limits.FREE_FAILURES} wrong passwords each attempt waits {limits.BASE_DELAY} s, 1 min, … up to"
    assert f"{waits} an hour" in section
    assert limits.MAX_DELAY == 3600


def test_mfa_and_the_audit_are_described_with_the_code_they_name():
    section = _section()
    assert "mandatory for every professional and the Logis team" in section
    assert settings.MFA_SUPPORTED_TYPES == ["totp", "recovery_codes"]
    assert "authenticator application and recovery codes" in section
    for path in re.findall(r"`(logis/[\w/]+\.py|logis/\w+|tests/[\w/]+\.py)`", section):
        assert (README.parent / path).exists(), path


def test_the_retention_jobs_exist_and_apply_the_stated_periods():
    section = _section()
    commands = get_commands()
    scheduled = {entry["task"].rpartition(".")[2] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    for job in ("purge_documents", "purge_audit", "purge_personal_data"):
        assert f"`{job}`" in section
        assert job in commands, job
        assert job in scheduled, job
    assert "the access log one year" in section
    assert settings.LOGIS_AUDIT_RETENTION_DAYS == 365
    assert "accounts unused for two years warned then deleted 30 days later" in section
    assert (settings.LOGIS_INACTIVE_ACCOUNT_DAYS, settings.LOGIS_INACTIVE_WARNING_DAYS) == (730, 30)
    assert "demands ended for a year erased" in section
    assert settings.LOGIS_ENDED_DEMAND_RETENTION_DAYS == 365
