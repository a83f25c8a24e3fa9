import http.server
import json
import threading

import pytest
from django.test import Client

from logis.accounts.models import User
from logis.api.services import api_key_create
from logis.organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

LANDLORD_SCOPES = ["offers:read", "offers:write", "applications:read", "applications:write"]
EMPLOYER_SCOPES = ["agreements:read", "agreements:write"]


class ApiClient:
    """The test client speaking to the API with one key (JSON in and out)."""

    def __init__(self, secret: str | None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None, *, idempotency_key: str | None = None, raw: str | None = None):
        headers = dict(self.headers)
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        body = raw if raw is not None else json.dumps(data or {})
        return self.client.post(path, body, content_type="application/json", headers=headers)

    def patch(self, path, data):
        return self.client.patch(path, json.dumps(data), content_type="application/json", headers=self.headers)


@pytest.fixture
def landlord():
    return OrganizationFactory(landlord=True, name="Habitat Alpes")


@pytest.fixture
def other_landlord():
    return OrganizationFactory(landlord=True, name="Habitat Rhône")


@pytest.fixture
def agent(landlord):
    user = UserFactory(kind=User.Kind.PROFESSIONAL, email="agent@habitat-alpes.fr", first_name="Léa")
    MembershipFactory(user=user, organization=landlord, role=Membership.Role.AGENT)
    return user


@pytest.fixture
def other_agent(other_landlord):
    user = UserFactory(kind=User.Kind.PROFESSIONAL, email="agent@habitat-rhone.fr")
    MembershipFactory(user=user, organization=other_landlord, role=Membership.Role.AGENT)
    return user


@pytest.fixture
def employer():
    return OrganizationFactory(kind=Organization.Kind.EMPLOYER, name="Industries Réunies")


@pytest.fixture
def hr_member(employer):
    user = UserFactory(kind=User.Kind.PROFESSIONAL, email="rh@industries.fr")
    MembershipFactory(user=user, organization=employer, role=Membership.Role.HR)
    return user


@pytest.fixture
def landlord_key(landlord, agent):
    return api_key_create(organization=landlord, name="Gestion locative", scopes=LANDLORD_SCOPES, by=agent)


@pytest.fixture
def api(landlord_key):
    return ApiClient(landlord_key.secret)


@pytest.fixture
def other_api(other_landlord, other_agent):
    key = api_key_create(organization=other_landlord, name="Autre", scopes=LANDLORD_SCOPES, by=other_agent)
    return ApiClient(key.secret)


@pytest.fixture
def employer_api(employer, hr_member):
    key = api_key_create(organization=employer, name="SIRH", scopes=EMPLOYER_SCOPES, by=hr_member)
    return ApiClient(key.secret)


class Receiver:
    """A real HTTP server on the loopback that records the webhooks it receives and answers `status`."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — the name http.server calls
                length = int(self.headers.get("Content-Length", 0))
                receiver.requests.append({"headers": dict(self.headers), "body": self.rfile.read(length)})
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/logis/webhooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.LOGIS_WEBHOOKS_ALLOW_LOOPBACK_HTTP = True
    server = Receiver()
    yield server
    server.close()
