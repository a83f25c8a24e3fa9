"""Every operation of the partner API, called with a valid key and generated bad values (hypothesis): never a server
error (issue #12). tests/api/test_schema_conformance.py (schemathesis) checks the answers against the schema with
requests the schema allows; this one sends what a careless or hostile client sends: wrong types, huge numbers,
markup, control characters, broken JSON, unknown fields, ids of the key's own objects, of another organisation's,
and ids that exist nowhere.

The operations are read from the live OpenAPI schema (a new operation is fuzzed without touching this file). Each
is sent MAX_EXAMPLES requests (derandomized: the same ones on every run), a few hundred values in all per operation.
"""

import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from logis.api.services import api_key_create
from logis.applications.models import Application
from logis.employers.models import Agreement
from logis.offers.models import Offer
from logis.organizations.models import Membership
from tests.api.conftest import EMPLOYER_SCOPES, LANDLORD_SCOPES
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 (fixture)
from tests.security.test_fuzz import BAD, JSON_VALUES

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 80
MIN_VALUES_PER_OPERATION = 200
# Ids that exist nowhere, or that no integer column holds (PostgreSQL's integer and bigint overflow).
BOGUS_IDS = [0, -1, 2**31, 2**63, 10**30, "abc", "1.5", "１２", "%2e%2e", "1;DROP", " 7"]
BROKEN_BODIES = [b"", b"{", b"[1, 2", b'{"a": NaN}', b"\xff\xfe\x00", b"null", b"[]", b"0", b'"texte"', b"{}" * 5000]


def _schema_values(schema: dict, components: dict, depth: int = 0):
    """Values shaped like the field (so that some requests get past validation, into the services), mixed with
    values of every wrong kind."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rpartition("/")[2]]
    if "anyOf" in schema:
        return st.one_of([_schema_values(part, components, depth) for part in schema["anyOf"]])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _schema_values(schema["allOf"][0], components, depth)
    kind = schema.get("type")
    shaped = JSON_VALUES
    if "enum" in schema:
        shaped = st.sampled_from(schema["enum"])
    elif kind == "integer":
        shaped = st.integers() | st.sampled_from([0, -1, 2**31, 2**63, 10**30])
    elif kind == "number":
        shaped = st.floats(allow_nan=False) | st.integers()
    elif kind == "boolean":
        shaped = st.booleans()
    elif kind == "string" and schema.get("format") == "date":
        shaped = st.dates().map(str) | st.sampled_from(["2026-02-30", "0000-01-01", "9999-12-31"])
    elif kind == "string" and schema.get("format") == "date-time":
        shaped = st.datetimes().map(lambda moment: moment.isoformat())
    elif kind == "string":
        shaped = st.text(max_size=int(schema.get("maxLength", 40)) + 5)
    elif kind == "array" and depth < 2:
        shaped = st.lists(_schema_values(schema.get("items", {}), components, depth + 1), max_size=4)
    elif kind == "object" and depth < 2 and schema.get("properties"):
        shaped = _object_values(schema, components, depth + 1)
    return st.one_of(shaped, shaped, BAD, JSON_VALUES)


def _object_values(schema: dict, components: dict, depth: int = 0):
    properties = schema.get("properties", {})
    return st.fixed_dictionaries(
        {},
        optional={name: _schema_values(field, components, depth) for name, field in properties.items()}
        | {"champ_inconnu": JSON_VALUES},
    )


def _operations(client: Client) -> list[dict]:
    schema = client.get("/api/v1/openapi.json").json()
    components = schema.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body is not None and "$ref" in body:
                body = components[body["$ref"].rpartition("/")[2]]
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "tags": operation.get("tags", []),
                    "path_params": [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"],
                    "query_params": {
                        p["name"]: p.get("schema", {}) for p in operation.get("parameters", []) if p["in"] == "query"
                    },
                    "body": body,
                    "components": components,
                }
            )
    return operations


@pytest.fixture
def demo(communes_extract, settings):  # noqa: F811
    """The demo's landlord and employer (real offers, applications, agreements), a key of each."""
    settings.LOGIS_API_RATE_LIMIT = "1000000/60"
    load_demo(communes=communes_extract)
    agent = Membership.objects.filter(user__email="bailleur@logis.test", role=Membership.Role.AGENT).first()
    hr = Membership.objects.filter(user__email="rh@logis.test", role=Membership.Role.HR).first()
    landlord, employer = agent.organization, hr.organization
    keys = {
        "landlord": api_key_create(organization=landlord, name="fuzz", scopes=LANDLORD_SCOPES, by=agent.user).secret,
        "employer": api_key_create(organization=employer, name="fuzz", scopes=EMPLOYER_SCOPES, by=hr.user).secret,
    }
    own_offers = list(Offer.objects.filter(landlord=landlord).order_by("pk").values_list("pk", flat=True)[:3])
    others = list(Offer.objects.exclude(landlord=landlord).order_by("pk").values_list("pk", flat=True)[:1])
    applications = Application.objects.order_by("pk")
    ids = {
        "offer_id": own_offers + others,
        "application_id": list(applications.filter(offer__landlord=landlord).values_list("pk", flat=True)[:3])
        + list(applications.exclude(offer__landlord=landlord).values_list("pk", flat=True)[:1]),
        "agreement_id": list(Agreement.objects.order_by("pk").values_list("pk", flat=True)[:4]),
    }
    assert all(ids.values()), ids  # the demo holds some of each: real ids are fuzzed, not only bogus ones
    return keys, ids


def _key_for(operation: dict) -> str:
    return "employer" if any("employeurs" in tag for tag in operation["tags"]) else "landlord"


def _requests(operation: dict, ids: dict):
    path_values = st.fixed_dictionaries(
        {name: st.sampled_from(ids.get(name, [1])) | st.sampled_from(BOGUS_IDS) for name in operation["path_params"]}
    )
    components = operation["components"]
    query = st.fixed_dictionaries(
        {},
        optional={name: _schema_values(schema, components) for name, schema in operation["query_params"].items()}
        | {"inconnu": BAD, "limit": BAD},
    )
    if operation["body"] is None:
        body = st.none() | st.sampled_from(BROKEN_BODIES)
    else:
        body = st.one_of(
            _object_values(operation["body"], components),
            _object_values(operation["body"], components),
            JSON_VALUES,
            st.sampled_from(BROKEN_BODIES),
        )
    idempotency = st.none() | st.text(max_size=120) | st.sampled_from(["a" * 101, "\x00", "clé-réutilisée"])
    return st.fixed_dictionaries({"path": path_values, "query": query, "body": body, "idempotency": idempotency})


def _count_values(value) -> int:
    if isinstance(value, dict):
        return sum(_count_values(item) for item in value.values()) or 1
    if isinstance(value, list):
        return sum(_count_values(item) for item in value) or 1
    return 1


def _sender(client: Client, operation: dict, secret: str, ids: dict, sent: list):
    @given(request=_requests(operation, ids))
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def send(request):
        path = operation["path"]
        for name, value in request["path"].items():
            path = path.replace("{" + name + "}", str(value))
        if request["query"]:
            path += "?" + urlencode(
                {name: json.dumps(v) if isinstance(v, dict | list) else v for name, v in request["query"].items()}
            )
        body = request["body"]
        data = body if isinstance(body, bytes) else (b"" if body is None else json.dumps(body).encode())
        headers = {"Authorization": f"Bearer {secret}"}
        if request["idempotency"] is not None:
            headers["Idempotency-Key"] = request["idempotency"].replace("\n", " ").replace("\r", " ")
        response = client.generic(operation["method"], path, data, content_type="application/json", headers=headers)
        assert response.status_code < 500, (operation["method"], path, data[:300], response.status_code)
        sent.append(_count_values(request["path"]) + _count_values(request["query"]) + _count_values(body))

    return send


def test_every_api_operation_answers_bad_values_without_a_server_error(demo):
    keys, ids = demo
    client = Client(raise_request_exception=False)
    operations = _operations(client)
    assert len(operations) >= 15
    values = {}
    for operation in operations:
        sent = []
        _sender(client, operation, keys[_key_for(operation)], ids, sent)()
        values[f"{operation['method']} {operation['path']}"] = sum(sent)
    assert min(values.values()) >= MIN_VALUES_PER_OPERATION, values
