"""The shared cache (Redis) that degrades instead of failing when Redis cannot be reached.

Logis keeps in the cache what it can rebuild or do without: sessions (written through to the database: the
`cached_db` engine), template fragments, and the budgets of the rate limits (sign-in, import codes, forum posts,
contact messages, API keys). With Django's own Redis backend, a Redis restart or a network cut turned every page into
a 500. With this one, while Redis does not answer:
- reads miss (`get` gives the default, `get_many` nothing), writes are dropped, `add` succeeds and `incr` counts
  from `delta`: sessions are read from the database, fragments are rendered again, and the rate limits let requests
  through (fail open: refusing every sign-in would lock everyone out for the length of the outage);
- each failure is logged at ERROR level (once per `LOG_EVERY` seconds per process, not once per request) and
  `/sante/pret/` answers 503 naming the cache, so that the operator is alerted and knows the limits are open.
Socket timeouts are short (CACHES OPTIONS in config/settings.py) so that an unreachable Redis costs milliseconds.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("logis.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 60.0


class ReusedRedisClient(RedisCacheClient):
    """Django's client builds a `redis.Redis` for every operation, whose constructor fills a table of some 170
    response callbacks: a tenth of a millisecond of CPU each time, several times per request (session, rate limits,
    fragments). One `redis.Redis` per connection pool is kept instead; it takes a connection from its pool for each
    command, so threads may share it, as they share the pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose operations fall back (module docstring) when Redis is unreachable; `unreachable` holds the
    last such error until an operation succeeds again."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient
        self.unreachable: Exception | None = None
        self._logged_at = 0.0

    def _guard(self, operation: str, call, fallback):
        try:
            result = call()
        except UNREACHABLE as error:
            self.unreachable = error
            now = time.monotonic()
            if now - self._logged_at >= LOG_EVERY:
                self._logged_at = now
                logger.error(
                    "Cache Redis injoignable (%s : %s) : Logis continue sans cache, limites de débit ouvertes.",
                    operation,
                    type(error).__name__,
                )
            return fallback
        self.unreachable = None
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True)

    def get(self, key, default=None, version=None):
        return self._guard("get", lambda: super(ResilientRedisCache, self).get(key, default, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard("touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        # A missing key still raises ValueError (Redis answered): only an unreachable Redis counts from `delta`.
        return self._guard("incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), delta)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self._guard("delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), False)
