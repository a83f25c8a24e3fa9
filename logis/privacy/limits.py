"""Password attempts of the account deletion (« Supprimer mon compte »), counted per account in the shared cache.

Whoever holds an open session (a shared computer, a stolen cookie) must not try passwords there without limit: after
FREE_FAILURES wrong passwords, each new attempt waits a growing delay (30 s, 1 min, 2 min, ... up to an hour). The
count is per account, whichever device or address the attempts come from, and is forgotten after a day without
failure. While a delay runs, the password is not even checked.
"""

import time

from django.core.cache import cache

FREE_FAILURES = 3
BASE_DELAY = 30
MAX_DELAY = 3600
WINDOW = 24 * 3600


def _keys(user) -> tuple[str, str]:
    return f"logis:delete-account:failures:{user.pk}", f"logis:delete-account:next-at:{user.pk}"


def delay_for(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(BASE_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def refusal(user, *, now: float | None = None) -> str | None:
    """Why this attempt is refused before the password is checked (None: go ahead)."""
    _failures, next_at = _keys(user)
    wait = int((cache.get(next_at) or 0) - (now or time.time()))
    if wait <= 0:
        return None
    return (
        f"Trop de mots de passe erronés ont été saisis pour supprimer ce compte. Patientez {wait_text(wait)} avant "
        "de réessayer. Si vous avez oublié votre mot de passe, déconnectez-vous et utilisez « Mot de passe "
        "oublié ? » sur la page de connexion."
    )


def failed(user, *, now: float | None = None) -> int:
    """Count one wrong password; the number of failures so far."""
    failures, next_at = _keys(user)
    cache.add(failures, 0, WINDOW)
    try:
        count = cache.incr(failures)
    except ValueError:  # expired between add and incr
        cache.set(failures, 1, WINDOW)
        count = 1
    cache.touch(failures, WINDOW)
    delay = delay_for(count)
    if delay:
        cache.set(next_at, (now or time.time()) + delay, delay)
    return count


def cleared(user) -> None:
    cache.delete_many(list(_keys(user)))
