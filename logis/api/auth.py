"""Who calls: a key of an organisation (`Authorization: Bearer logis_<préfixe>_<secret>`), its rights, its limit."""

import datetime as dt
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from logis.api.models import ApiKey
from logis.api.problems import Problem
from logis.api.services import digest_of, may_act_for

# last_used_at is written at most this often per key (not one UPDATE per call).
LAST_USED_EVERY = dt.timedelta(minutes=1)


def _limit() -> tuple[int, int]:
    """(requests, seconds) allowed per key: LOGIS_API_RATE_LIMIT, e.g. "600/60"."""
    text = getattr(settings, "LOGIS_API_RATE_LIMIT", "600/60")
    count, _, seconds = str(text).partition("/")
    return int(count), int(seconds or 60)


def _throttle(key: ApiKey) -> None:
    count, period = _limit()
    now = time.time()
    window = int(now // period)
    name = f"api:rate:{key.prefix}:{window}"
    cache.add(name, 0, timeout=period + 1)
    try:
        used = cache.incr(name)
    except ValueError:  # the entry expired between add and incr
        cache.set(name, 1, timeout=period + 1)
        used = 1
    if used > count:
        retry_after = max(1, math.ceil((window + 1) * period - now))
        raise Problem(
            429,
            f"Cette clé a fait plus de {count} requêtes en {period} secondes : réessayez dans {retry_after} s.",
            code="trop-de-requetes",
            headers={"Retry-After": str(retry_after)},
        )


class KeyAuth(HttpBearer):
    """The key of the call, checked before anything is read from the request; `scope` is the right it needs."""

    openapi_scheme = "bearer"

    def __init__(self, scope: str = ""):
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            raise Problem(
                401,
                "Ajoutez l'en-tête Authorization: Bearer <votre clé>. Les clés se créent dans l'espace de votre "
                "organisation, rubrique « API et webhooks ».",
                headers={"WWW-Authenticate": 'Bearer realm="logis"'},
            )
        return super().__call__(request)

    def authenticate(self, request, token: str):
        now = timezone.now()
        key = (
            ApiKey.objects.usable(now)
            .select_related("organization", "created_by")
            .filter(digest=digest_of(token or ""))
            .first()
        )
        if key is None or not may_act_for(key.created_by, key.organization):
            raise Problem(
                401,
                "Cette clé n'est pas valable : elle est inconnue, expirée ou révoquée, ou la personne qui l'a créée "
                "n'a plus de rôle dans l'organisation. Créez-en une nouvelle dans l'espace de votre organisation.",
                headers={"WWW-Authenticate": 'Bearer realm="logis", error="invalid_token"'},
            )
        _throttle(key)
        if self.scope and self.scope not in key.scopes:
            raise Problem(
                403,
                f"Cette clé n'a pas le droit « {self.scope} ». Créez une clé avec ce droit dans l'espace de votre "
                "organisation.",
                code="droit-manquant",
            )
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        request.api_key = key
        return key


def scoped(scope: str) -> list[KeyAuth]:
    """`auth=scoped("offers:read")` on an operation."""
    return [KeyAuth(scope)]


def require(request, scope: str) -> ApiKey:
    """The key of the call (its scope was checked by the operation's auth)."""
    key: ApiKey = request.auth
    if scope not in key.scopes:  # an operation declared without its scope: refuse rather than trust
        raise Problem(403, f"Cette clé n'a pas le droit « {scope} ».", code="droit-manquant")
    return key
