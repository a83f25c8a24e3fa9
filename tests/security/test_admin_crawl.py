"""The back office for anonymous visitors: the login page works and no admin address answers an error."""

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, reverse

from tests.factories import ApplicationFactory, DemandFactory, UserFactory

pytestmark = pytest.mark.django_db


def _admin_paths():
    """Every admin address, with 1 in place of each argument (objects with pk 1 exist, see the fixture)."""
    paths = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                paths.append(route)

    walk(admin.site.get_urls(), "")
    resolved = []
    for route in paths:
        path = route.lstrip("^").rstrip("$").replace("\\Z", "")
        for token in ("<path:object_id>", "<int:content_type_id>", "<path:object_id>", "(.+)"):
            path = path.replace(token, "1")
        if "<" in path or "(" in path:
            path = path.split("<")[0].split("(")[0]
        resolved.append("/admin/" + path)
    return sorted(set(resolved))


ADMIN_PATHS = _admin_paths()


def test_the_crawl_covers_every_registered_model():
    assert len(ADMIN_PATHS) > 5 * len(admin.site._registry)


def test_anonymous_admin_login_page_answers(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_every_admin_address_is_closed_to_anonymous_visitors_without_error(client):
    ApplicationFactory(demand=DemandFactory())
    UserFactory()
    answers = {path: client.get(path).status_code for path in ADMIN_PATHS}
    errors = {path: status for path, status in answers.items() if status >= 500}
    opened = {
        path: status
        for path, status in answers.items()
        if status == 200 and path not in {"/admin/login/", "/admin/logout/"}
    }
    assert not errors
    assert not opened
    assert set(answers.values()) <= {200, 302, 404, 405}
