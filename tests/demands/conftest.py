import re

import pytest

from logis.demands import services
from tests.factories import RegisteredDemandFactory, RegisteredHouseholdMemberFactory, UserFactory, valid_siret

CODE_LINE = re.compile(r"^\s+(\d{6})\s*$", re.MULTILINE)


def last_code(mailoutbox) -> str:
    """The security code of the last e-mail the register sent (as the person reads it in their mailbox)."""
    match = CODE_LINE.search(mailoutbox[-1].body)
    assert match, mailoutbox[-1].body
    return match.group(1)


@pytest.fixture
def applicant(db):
    return UserFactory(first_name="Camille", email="camille@exemple.fr")


@pytest.fixture
def registered(db):
    """A register demand of a household of two (the applicant and a child), with the employer's SIRET."""
    demand = RegisteredDemandFactory(
        first_name="Camille",
        last_name="Durand",
        email="camille.durand@exemple.fr",
        employer_name="Tissages du Rhône",
        employer_siret=valid_siret(4_200_000_001),
        rfr_n2=21000,
        rfr_n1=23000,
        monthly_resources=[{"code": "SAL", "amount": 1900}, {"code": "AF", "amount": 140}],
    )
    RegisteredHouseholdMemberFactory(demand=demand, first_name="Léa", last_name="Durand")
    return demand


@pytest.fixture
def start_import(django_capture_on_commit_callbacks, mailoutbox):
    """Start an import and return (challenge, code read from the e-mail)."""

    def start(user, numero, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            challenge = services.demand_import_start(user=user, numero_unique=numero, **kwargs)
        return challenge, last_code(mailoutbox)

    return start


@pytest.fixture
def resend_import(django_capture_on_commit_callbacks, mailoutbox):
    def resend(user, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            challenge = services.demand_import_resend(user=user, **kwargs)
        return challenge, last_code(mailoutbox)

    return resend
