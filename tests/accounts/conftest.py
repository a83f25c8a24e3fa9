import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate limits (sign-ups per IP, e-mails per address) in the cache: one budget per test."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client():
    """The accounts' e-mails (confirmation, reset) leave through the outbox once the request commits."""
    from tests.clients import CommittingClient

    return CommittingClient()
