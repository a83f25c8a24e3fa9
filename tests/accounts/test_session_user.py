"""The signed-in person is read from the shared cache (logis.accounts.sessions), never at the cost of a change made
to the account: a new password, a deactivation or a new name is seen on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def user_queries(client, path) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.status_code, sum(1 for query in queries if 'FROM "accounts_user"' in query["sql"])


@pytest.fixture
def signed_in(client):
    user = UserFactory(kind="applicant", first_name="Nadia")
    client.force_login(user)
    return client, user


def test_a_signed_in_page_reads_the_user_once_then_from_the_cache(signed_in):
    client, _user = signed_in
    path = reverse("applications:list")
    assert user_queries(client, path) == (200, 1)
    assert user_queries(client, path) == (200, 0)


def test_a_new_password_signs_the_other_sessions_out_at_once(signed_in):
    client, user = signed_in
    path = reverse("applications:list")
    client.get(path)  # the user is in the cache
    user.set_password("un autre mot de passe 2026")
    user.save()
    response = client.get(path)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_deactivated_account_is_signed_out_at_once(signed_in):
    client, user = signed_in
    path = reverse("applications:list")
    client.get(path)
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(path).status_code == 302


def test_a_new_name_shows_on_the_next_page(signed_in):
    client, user = signed_in
    path = reverse("applications:list")
    client.get(path)
    user.first_name = "Zoé"
    user.save()
    assert user_queries(client, path)[1] == 1
    assert client.get(path).wsgi_request.user.first_name == "Zoé"


def test_a_session_of_another_password_is_not_accepted_from_the_cache(signed_in, client):
    _client, user = signed_in
    client.get(reverse("applications:list"))  # the user is in the cache
    session = client.session
    session["_auth_user_hash"] = "0" * 64  # a session made before a change of password
    session.save()
    response = client.get(reverse("applications:list"))
    assert response.status_code == 302


def test_the_cache_holds_no_password_hash_and_the_password_is_still_checked(signed_in):
    from django.core.cache import cache

    from logis.accounts.sessions import _key

    client, user = signed_in
    user.set_password("mot de passe du compte 2026")
    user.save()
    client.force_login(user)
    client.get(reverse("applications:list"))
    cached = cache.get(_key(user.pk))
    assert cached is not None
    assert user.password not in repr(cached)
    assert "password" not in cached["fields"]
    request = client.get(reverse("applications:list")).wsgi_request
    assert request.user.pk == user.pk
    assert request.user.get_deferred_fields() == {"password"}  # from the cache
    assert request.user.check_password("mot de passe du compte 2026")  # the hash read when a page needs it
