"""Cursor pagination: an opaque cursor names the last row sent; the next page starts after it (stable on inserts)."""

import base64
import binascii
import json

from logis.api.problems import Problem

MAX_LIMIT = 100
DEFAULT_LIMIT = 50


def encode(value: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": value}).encode()).decode().rstrip("=")


def decode(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        value = None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Problem(
            400, "Ce curseur n'est pas valable : reprenez celui que la page précédente a donné.", code="curseur"
        )
    return value


def page_by_pk(queryset, *, cursor: str | None, limit: int):
    """Rows with pk above the cursor, in pk order; (rows, next_cursor)."""
    after = decode(cursor)
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    rows = list(queryset.order_by("pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode(rows[-1].pk) if more and rows else None)


def page_of_list(items: list, *, cursor: str | None, limit: int):
    """A page of an ordered list (a ranking): the cursor is the position already sent."""
    start = decode(cursor) or 0
    rows = items[start : start + limit]
    end = start + len(rows)
    return rows, (encode(end) if end < len(items) else None)
