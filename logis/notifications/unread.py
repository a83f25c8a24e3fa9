"""The unread count of the header, kept in the shared cache (no model import here: the app config imports it)."""

import contextlib

from django.apps import apps
from django.core.cache import cache
from django.db import models

COUNT_TTL = 24 * 3600


def count_key(user) -> str:
    """Per account; the creation instant makes an account whose id was reused (tests roll back) another key."""
    joined = int(user.date_joined.timestamp() * 1_000_000) if user.date_joined else 0
    return f"notifications:unread:{user.pk}:{joined}"


def recount(user) -> int:
    notification = apps.get_model("notifications", "Notification")
    count = notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()
    cache.set(count_key(user), count, timeout=COUNT_TTL)
    return count


def one_more(user) -> None:
    """One notification more, once committed: the count kept in the cache goes up by one (no query on the writes
    that notify: apply, withdraw, validation); with no count in the cache, the next page counts."""
    # Not in the cache (expired, never counted): ValueError, and `unread_count` counts on the next page.
    with contextlib.suppress(ValueError):
        cache.incr(count_key(user))
        # Should the count have expired between Redis's EXISTS and INCR (Django's incr is the two), INCR made a key
        # without expiry holding 1: giving it the count's lifetime again bounds how long such a count may be wrong.
        cache.touch(count_key(user), COUNT_TTL)


def prime_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signal user_logged_in: counted once at sign-in, so that the pages after it read the cache only."""
    recount(user)


def recount_many(users) -> None:
    """`recount` for many accounts in one query (a job that notified thousands of people)."""
    users = {user.pk: user for user in users}
    if not users:
        return
    notification = apps.get_model("notifications", "Notification")
    counts = dict(
        notification.objects.filter(user_id__in=list(users), read_at__isnull=True)
        .order_by()
        .values_list("user_id")
        .annotate(n=models.Count("pk"))
        .values_list("user_id", "n")
    )
    cache.set_many({count_key(user): counts.get(pk, 0) for pk, user in users.items()}, timeout=COUNT_TTL)
