"""« Nouvelles depuis votre dernière visite »: when a person last opened "Mes offres", cheaply.

A visit is a run of pages less than VISIT_GAP apart. The row (offers.ListVisit) is written when a visit starts, at
most once per VISIT_GAP, and read through the shared cache, so that the pages of a visit cost neither a write nor,
mostly, a read. The offers new to the person are the ones published since the start of their previous visit.
"""

import datetime as dt

from django.core.cache import cache

from logis.offers.models import ListVisit

VISIT_GAP = dt.timedelta(hours=1)
CACHE_TTL = int(VISIT_GAP.total_seconds())


def _key(user) -> str:
    return f"offers:list_visit:{user.pk}"


def previous_visit(user, now: dt.datetime) -> dt.datetime | None:
    """The start of the person's previous visit to "Mes offres" (None on their first), marking this one."""
    cached = cache.get(_key(user))
    if cached is not None:
        seen_at, previous = cached
    else:
        row = ListVisit.objects.filter(user=user).values_list("seen_at", "previous_seen_at").first()
        seen_at, previous = row if row else (None, None)
    if seen_at is None or now - seen_at >= VISIT_GAP:
        # A new visit: the one that was current becomes the previous one.
        previous, seen_at = seen_at, now
        # One upsert (INSERT … ON CONFLICT DO UPDATE): no read-for-update nor savepoints on the list's hot path.
        ListVisit.objects.bulk_create(
            [ListVisit(user=user, seen_at=seen_at, previous_seen_at=previous)],
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=["seen_at", "previous_seen_at"],
        )
    cache.set(_key(user), (seen_at, previous), CACHE_TTL)
    return previous
