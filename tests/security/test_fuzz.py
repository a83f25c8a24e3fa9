"""Every form, sent generated bad values (hypothesis): never a server error (issue #12). The forms and pages whose
address has parameters (real and bogus ids) are fuzzed by tests/security/test_fuzz_paths.py, every operation of the
partner API by tests/security/test_fuzz_api.py (and checked against its schema by
tests/api/test_schema_conformance.py).

The forms are found, not listed: every URL pattern without parameters is fetched by a signed-in person of each
kind, and each POST form of the page (its action and field names) is sent generated values. Bounded by
`max_examples` (a few hundred requests in all).
"""

import re
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
ATTR = re.compile(r"""(\w[\w-]*)=["']([^"']*)["']""")
FIELD = re.compile(r"""<(?:input|select|textarea)\b[^>]*\bname=["']([^"']+)["']""", re.I)
SKIP_FIELDS = {"csrfmiddlewaretoken"}
# Bad values: empty, huge, wrong types, markup, SQL, control characters, far dates, other alphabets.
BAD = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "0",
            "-1",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2026-02-30",
            "31/31/3100",
            "0000-00-00",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "\u202e\u0000x",
            "../../etc/passwd",
            "🏠" * 50,
            "a" * 5000,
            "true",
            "null",
            "[]",
            "{}",
            "%00",
            "069 1125 999999 G0001",
        ]
    ),
    st.text(max_size=60),
    st.integers().map(str),
)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | BAD,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=8,
)


def _paths_without_parameters(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or "(?P" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _paths_without_parameters(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route


def _post_forms(client, paths) -> dict[str, list[str]]:
    """(action → field names) of every POST form on the pages the client reaches."""
    forms = {}
    for path in paths:
        if path.startswith(("/admin/", "/api/", "/compte/")) or path.endswith((".json", ".pdf", ".csv")):
            continue  # the admin is crawled elsewhere; the API below; sign-out and allauth's flows end the session
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for attrs, body in FORM.findall(response.content.decode()):
            attributes = dict(ATTR.findall(attrs))
            if attributes.get("method", "get").lower() != "post":
                continue
            action = urlsplit(urljoin(path, unescape(attributes.get("action", "") or path))).path
            if "supprimer-mon-compte" in action or "deconnexion" in action or "logout" in action:
                continue
            names = sorted(set(FIELD.findall(body)) - SKIP_FIELDS)
            forms.setdefault(action, names)
    return forms


def _people():
    applicant = ApplicationFactory().demand.owner
    agent = MembershipFactory(role="landlord_agent", organization__landlord=True).user
    staff = UserFactory(kind="staff", is_staff=True)
    return {"applicant": applicant, "landlord agent": agent, "staff": staff}


def _form_sender(client, kind, action, names):
    @given(values=st.fixed_dictionaries({name: BAD for name in names}))
    @hypothesis_settings(
        max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
    )
    def send(values):
        response = client.post(action, values)
        assert response.status_code < 500, (kind, action, values, response.status_code)

    return send


def test_no_form_answers_a_server_error_to_bad_values():
    paths = sorted(set(_paths_without_parameters()))
    tried = 0
    for kind, person in _people().items():
        client = Client(raise_request_exception=False)
        client.force_login(person)
        forms = _post_forms(client, paths)
        for action, names in forms.items():
            if not names:
                continue

            _form_sender(client, kind, action, names)()
            client.force_login(person)  # a form may have signed the person out
            tried += 1
    assert tried >= 10, tried
