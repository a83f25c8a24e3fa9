"""Budgets of the import kept in the shared cache (django.core.cache), so that every process counts the same:

- numéros typed per address (IP): slows down whoever tries numbers one after the other;
- imports started per numéro, from any account: a numéro cannot be probed from many accounts;
- wrong security codes per numéro, from any account: the code of a demand cannot be guessed by spreading the
  guesses over several accounts (each account also has its few attempts per code, logis.demands.models).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

HOUR = 3600
DAY = 24 * HOUR


def _key(kind: str, value: str) -> str:
    return f"logis:import:{kind}:{hashlib.sha256(value.encode()).hexdigest()[:32]}"


def _spend(key: str, limit: int, window: int) -> bool:
    """Count one use; True while the budget holds."""
    cache.add(key, 0, window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        used = 1
    return used <= limit


def _spent(key: str, limit: int) -> bool:
    return (cache.get(key) or 0) >= limit


def spend_ip(ip: str) -> bool:
    return _spend(_key("ip", ip), settings.LOGIS_IMPORT_NUMEROS_PER_IP_PER_HOUR, HOUR)


def spend_start(numero: str) -> bool:
    return _spend(_key("start", numero), settings.LOGIS_IMPORT_STARTS_PER_NUMERO_PER_DAY, DAY)


def codes_spent(numero: str) -> bool:
    return _spent(_key("code", numero), settings.LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY)


def spend_wrong_code(numero: str) -> None:
    _spend(_key("code", numero), settings.LOGIS_IMPORT_WRONG_CODES_PER_NUMERO_PER_DAY, DAY)
