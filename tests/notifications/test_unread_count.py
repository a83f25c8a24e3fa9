"""The unread count kept in the cache: raised by one after a notification, never left without an expiry."""

import pytest
from django.core.cache import cache

from logis.notifications import unread
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_one_more_raises_the_cached_count_and_gives_it_back_its_lifetime():
    user = UserFactory()
    key = unread.count_key(user)
    cache.set(key, 4, timeout=None)  # as Redis's INCR leaves a count that expired between EXISTS and INCR
    unread.one_more(user)
    assert cache.get(key) == 5
    backend = getattr(cache, "_cache", None)
    if backend is not None and hasattr(backend, "get_client"):  # Redis: the key expires again
        assert 0 < backend.get_client(key).ttl(cache.make_and_validate_key(key)) <= unread.COUNT_TTL


def test_one_more_without_a_cached_count_leaves_the_counting_to_the_next_page():
    user = UserFactory()
    cache.delete(unread.count_key(user))
    unread.one_more(user)
    assert cache.get(unread.count_key(user)) is None
