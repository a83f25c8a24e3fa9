"""schemathesis against the live schema, with a key of each kind: no server error, no answer outside the schema
(status codes, content types, bodies). Bounded: a few examples per operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from logis.api.services import api_key_create
from tests.api.conftest import EMPLOYER_SCOPES, LANDLORD_SCOPES
from tests.factories import ApplicationFactory, OfferFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema():
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, as a server does; the test's
    transaction lives on that connection (Django's test Client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _run(secret: str) -> int:
    """Every operation of the schema, a few generated requests each; the number of operations tried."""
    headers = {"Authorization": f"Bearer {secret}"}
    operations = [result.ok() for result in _schema().get_all_operations()]
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
    return len(operations)


@pytest.fixture
def landlord_secret(landlord, agent):
    offer = OfferFactory(landlord=landlord)
    ApplicationFactory(offer=offer)
    return api_key_create(organization=landlord, name="schemathesis", scopes=LANDLORD_SCOPES, by=agent).secret


@pytest.fixture
def employer_secret(employer, hr_member):
    return api_key_create(organization=employer, name="schemathesis", scopes=EMPLOYER_SCOPES, by=hr_member).secret


@pytest.mark.django_db
def test_the_api_keeps_its_schema_with_a_landlord_key(landlord_secret, settings):
    settings.LOGIS_API_RATE_LIMIT = "100000/60"
    assert _run(landlord_secret) >= 15


@pytest.mark.django_db
def test_the_api_keeps_its_schema_with_an_employer_key(employer_secret, settings):
    settings.LOGIS_API_RATE_LIMIT = "100000/60"
    assert _run(employer_secret) >= 15
