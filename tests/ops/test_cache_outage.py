"""Redis stops: Logis keeps serving from the database, signed-in people stay signed in, and /sante/pret/ says the
cache is down (logis/core/cache.py). A real redis-server, stopped in the middle of the test."""

import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from tests.factories import DemandFactory
from tests.support.services import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    # Only Redis goes down: the process's own caches (template fragments, offer fragments) stay as configured.
    caches = {
        **settings.CACHES,
        "default": {
            "BACKEND": "logis.core.cache.ResilientRedisCache",
            "LOCATION": f"{server.url}/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        },
    }
    with override_settings(CACHES=caches):
        yield server
    server.stop()


def test_pages_still_answer_when_redis_stops_and_the_health_check_names_the_cache(client, redis_cache, caplog):
    demand = DemandFactory()
    client.force_login(demand.owner)
    assert client.get(reverse("offers:list")).status_code == 200
    assert client.get("/sante/pret/").status_code == 200

    redis_cache.stop()
    with caplog.at_level(logging.ERROR, logger="logis.cache"):
        page = client.get(reverse("offers:list"))
        home = client.get("/", follow=True)  # the signed-in home leads to « Mon espace »
    assert page.status_code == 200
    assert page.wsgi_request.user == demand.owner  # the session was read from the database
    assert home.status_code == 200
    assert any("Cache Redis injoignable" in record.getMessage() for record in caplog.records)

    health = client.get("/sante/pret/")
    assert health.status_code == 503
    assert health.json()["checks"]["cache"] == {
        "status": "error",
        "latency_ms": health.json()["checks"]["cache"]["latency_ms"],
        "error": "ConnectionError",
    }


def test_a_sign_in_goes_through_while_redis_is_down(client, redis_cache):
    """The sign-in limits fail open during the outage (logged, and /sante/pret/ alerts): nobody is locked out."""
    demand = DemandFactory()
    demand.owner.set_password("un mot de passe solide")
    demand.owner.save()
    redis_cache.stop()
    response = client.post(
        reverse("account_login"), {"login": demand.owner.email, "password": "un mot de passe solide"}
    )
    assert response.status_code == 302
    assert client.get(reverse("offers:list")).wsgi_request.user == demand.owner


def test_while_redis_answers_the_cache_is_the_real_one(redis_cache):
    cache.set("logis:test", 41)
    assert cache.incr("logis:test") == 42
    with pytest.raises(ValueError, match="not found"):  # Redis answered: a missing key is still an error for incr
        cache.incr("logis:absent")
    assert cache.add("logis:test", 1) is False
    assert cache.unreachable is None


def test_one_redis_client_serves_every_operation_and_survives_a_restart(redis_cache):
    """The cache keeps one redis.Redis per connection pool (logis.core.cache.ReusedRedisClient) instead of building
    one per operation; it still answers after Redis stops and starts again (its pool reconnects)."""
    backend = cache._cache
    assert backend.get_client("a") is backend.get_client("b", write=True)
    cache.set("logis:kept", 1)
    redis_cache.stop()
    assert cache.get("logis:kept", "absent") == "absent"  # unreachable: a miss
    redis_cache.start()
    cache.set("logis:kept", 2)
    assert cache.get("logis:kept") == 2
    assert cache.unreachable is None
