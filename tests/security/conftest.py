import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Sign-in and import limits live in the cache: one budget per test."""
    cache.clear()
    yield
    cache.clear()
