"""The signed-in person read from the shared cache rather than the database on every request (issue #13).

Django's AuthenticationMiddleware reads the user's row on each request of a signed-in person: one query, most of
what an empty signed-in page costs beyond the middleware. Here the user is kept in the shared cache for
USER_CACHE_SECONDS after it was read; every save or deletion of the user drops it (the signals connected in
`logis.accounts.apps`), so a password change, a deactivation or a new name is seen on the next request. The session
is checked against the cached user as Django checks it (the backend still configured, the account active, the
session's hash of the password); any other case — nothing cached, a hash that differs, a session to flush or to
rotate — is left to Django's own `get_user`, which reads the database. The middleware is
`logis.accounts.middleware.AuthenticationMiddleware`.

The cache holds every field of the user except the password's hash, and the session hash Django derives from it
(the HMAC every session of the person already holds): the hash never reaches Redis. The cached user's password is a
deferred field, read from the database by the few pages that check it (changing the password, deleting the account).
"""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.utils.crypto import constant_time_compare

USER_CACHE_SECONDS = 60


def _key(user_id) -> str:
    return f"logis:session-user:{user_id}"


def forget_user(sender, instance, **kwargs) -> None:
    """post_save / post_delete of the user: the next request reads it again."""
    cache.delete(_key(instance.pk))


def _fields() -> tuple[str, ...]:
    return tuple(field.attname for field in get_user_model()._meta.concrete_fields if field.attname != "password")


def _remember(user) -> None:
    fields = _fields()
    cache.set(
        _key(user.pk),
        {"fields": fields, "values": [getattr(user, name) for name in fields], "hash": user.get_session_auth_hash()},
        USER_CACHE_SECONDS,
    )


def _from_cache(request):
    session = request.session
    user_id, session_hash = session.get(SESSION_KEY), session.get(HASH_SESSION_KEY)
    if user_id is None or not session_hash or session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return None
    cached = cache.get(_key(user_id))
    if not cached or tuple(cached["fields"]) != _fields():  # nothing kept, or kept before a change of the model
        return None
    if not constant_time_compare(session_hash, cached["hash"]):
        return None
    user = get_user_model().from_db(DEFAULT_DB_ALIAS, cached["fields"], cached["values"])
    if not user.is_active:  # an inactive account: Django's backends refuse it
        return None
    return user


def get_user(request):
    if not hasattr(request, "_cached_user"):
        user = _from_cache(request)
        if user is None:
            user = auth.get_user(request)
            if user.is_authenticated:
                _remember(user)
        request._cached_user = user
    return request._cached_user
