"""The pages whose address carries an id or a token, sent generated bad values (hypothesis): never a server error
(issue #12). tests/security/test_fuzz.py fuzzes the forms of the pages without parameters; this one the others.

On the demo data (every role, real objects), each demo account follows the links of its own pages from its
dashboard: the addresses with parameters it meets hold real ids of objects it may see. Each POST form found on
those pages is sent generated values. Then every address pattern with parameters, reached or not, is requested
with ids and tokens of every bad kind (ids of other people's objects, ids that exist nowhere or overflow PostgreSQL's
integers, NUL and over-long tokens), by GET and by POST with generated values, as a person of each kind.
Derandomized: the same requests on every run.
"""

import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from logis.accounts.mfa import has_totp, mfa_required
from logis.accounts.models import User
from tests.core.test_load_demo import communes_extract, load_demo  # noqa: F401 (fixture)
from tests.factories import add_mfa
from tests.security.test_fuzz import ATTR, BAD, FIELD, FORM, SKIP_FIELDS

pytestmark = pytest.mark.django_db

PEOPLE = [
    "demandeur@logis.test",
    "salarie@logis.test",
    "salarie.discret@logis.test",
    "candidat.renaud@logis.test",
    "bailleur@logis.test",
    "agence@logis.test",
    "commission@logis.test",
    "rh@logis.test",
    "conseiller@logis.test",
    "moderation@logis.test",
    "admin@logis.test",
]
SKIP = ("/admin/", "/api/", "/compte/", "/static/", "/demo/", "/media/")
# Posting these ends the test's session or the account itself.
ENDS_THE_SESSION = ("supprimer-mon-compte", "deconnexion", "logout")
PAGES_PER_PERSON = 90
URLS_PER_ROUTE = 2
HREF = re.compile(r"""\bhref=["']([^"'#]+)""", re.I)
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
BOGUS = {
    "int": st.sampled_from([0, 2**31, 2**63, 10**30, 999_999]),
    "str": st.sampled_from(["x", "%00", "a" * 600, "..", "%2e%2e", "😀", "1' OR '1'='1", "demo-dossier-locataire"]),
    "slug": st.sampled_from(["x", "a" * 600, "-", "inconnu", "refuser", "retirer", "supprimer"]),
    "path": st.sampled_from(["x", "../x", "a/b/c"]),
}


def _routes(resolver=None, prefix="") -> list[str]:
    """Every route of the site with parameters (Django's path syntax), outside the admin, the API and allauth."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            found += _routes(pattern, prefix + route)
        elif isinstance(pattern, URLPattern) and "<" in route:
            full = "/" + prefix + route
            if not full.startswith(SKIP):
                found.append(full)
    return found


def _route_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return "/" + match.route


def _links(path: str, page: str) -> list[str]:
    targets = [unescape(href) for href in HREF.findall(page)]
    targets += [unescape(dict(ATTR.findall(attrs)).get("action", "") or path) for attrs, _ in FORM.findall(page)]
    links = []
    for target in targets:
        parts = urlsplit(urljoin(path, target))
        if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIP):
            continue
        links.append(parts.path)
    return links


def _post_forms(path: str, page: str) -> dict[str, list[str]]:
    forms = {}
    for attrs, body in FORM.findall(page):
        attributes = dict(ATTR.findall(attrs))
        if attributes.get("method", "get").lower() != "post":
            continue
        action = urlsplit(urljoin(path, unescape(attributes.get("action", "") or path))).path
        if any(word in action for word in ENDS_THE_SESSION) or action.startswith(SKIP):
            continue
        forms.setdefault(action, sorted(set(FIELD.findall(body)) - SKIP_FIELDS))
    return forms


def _crawl(client: Client) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(route → real addresses reached, action → field names of the POST forms whose address has parameters)."""
    queue = deque(["/mon-espace/", "/"])
    seen, per_route = set(), Counter()
    reached: dict[str, list[str]] = {}
    forms: dict[str, list[str]] = {}
    while queue and len(seen) < PAGES_PER_PERSON:
        path = queue.popleft()
        route = _route_of(path)
        if path in seen or route is None:
            continue
        has_parameters = "<" in route
        if per_route[route] >= (URLS_PER_ROUTE if has_parameters else 1):
            continue
        seen.add(path)
        per_route[route] += 1
        response = client.get(path)
        assert response.status_code < 500, (path, response.status_code)
        if has_parameters:
            reached.setdefault(route, []).append(path)
        if response.status_code in (301, 302) and response["Location"].startswith("/"):
            queue.append(urlsplit(response["Location"]).path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        for action, names in _post_forms(path, page).items():
            if "<" in (_route_of(action) or ""):
                forms.setdefault(action, names)
        queue.extend(link for link in _links(path, page) if link not in seen)
    return reached, forms


@pytest.fixture
def people(communes_extract, settings):  # noqa: F811
    settings.ACCOUNT_RATE_LIMITS = False
    load_demo(communes=communes_extract)
    found = {user.email: user for user in User.objects.filter(email__in=PEOPLE)}
    assert sorted(found) == sorted(PEOPLE)
    for user in found.values():
        if mfa_required(user) and not has_totp(user):
            add_mfa(user)  # the demo's moderator sets up the second factor at first sign-in
    return [found[email] for email in PEOPLE]


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _fuzz_form(client, user, action, names):
    @given(values=st.fixed_dictionaries({name: BAD for name in names}))
    @hypothesis_settings(
        max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
    )
    def send(values):
        response = client.post(action, values)
        assert response.status_code < 500, (user.email, action, values, response.status_code)
        client.force_login(user)  # a form may have signed the person out

    send()


def test_forms_at_addresses_with_real_ids_answer_bad_values_without_a_server_error(people):
    reached_routes, fuzzed = set(), 0
    for user in people:
        client = _signed_in(user)
        reached, forms = _crawl(client)
        reached_routes |= set(reached)
        for action, names in forms.items():
            if names:
                _fuzz_form(client, user, action, names)
                fuzzed += 1
    # The crawl meets most patterns with parameters with real ids: a drop means the demo or the links changed.
    assert len(reached_routes) >= 50, sorted(set(_routes()) - reached_routes)
    assert fuzzed >= 50, fuzzed


def _address(route: str, values: dict) -> str:
    return PARAMETER.sub(lambda match: str(values[match.group(2)]), route)


def _bogus_sender(route: str, clients: list):
    parameters = {name: BOGUS.get(converter or "str", BOGUS["str"]) for converter, name in PARAMETER.findall(route)}

    @given(
        values=st.fixed_dictionaries(parameters),
        who=st.sampled_from(range(len(clients))),
        method=st.sampled_from(["get", "post"]),
        data=st.dictionaries(st.sampled_from(["motif", "reason", "text", "body", "answer", "action"]), BAD),
    )
    @hypothesis_settings(
        max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
    )
    def send(values, who, method, data):
        user, client = clients[who]
        path = _address(route, values)
        response = client.get(path) if method == "get" else client.post(path, data)
        assert response.status_code < 500, (user and user.email, method, path, data, response.status_code)
        if user is not None:
            client.force_login(user)

    return send


def test_every_address_with_parameters_answers_bogus_ids_and_tokens_without_a_server_error(people):
    routes = _routes()
    assert len(routes) >= 60
    clients = [(user, _signed_in(user)) for user in people] + [(None, Client(raise_request_exception=False))]
    for route in routes:
        _bogus_sender(route, clients)()
