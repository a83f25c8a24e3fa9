"""Sign-in protection that cannot be turned against a user.

Failures are counted per pair (account, address): someone who knows an e-mail address, elsewhere, cannot lock its
owner out, and people who share an address (an office, a family) do not lock each other out. After FREE_FAILURES
failures of a pair, each new attempt waits a growing delay (15 s, 30 s, 1 min, ... up to 15 min); after
LOCK_AFTER failures the pair is locked and the owner of the account receives an e-mail with a link that lifts it
(the page says the same whether the account exists or not). A successful sign-in or a password reset clears the
pair. Counters live in the shared cache (django.core.cache).
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from logis.notifications.email import send_email_on_commit

FREE_FAILURES = 3
LOCK_AFTER = 10
BASE_DELAY = 15
MAX_DELAY = 15 * 60
WINDOW = 24 * 3600
UNLOCK_SALT = "logis.accounts.unlock"
UNLOCK_MAX_AGE = 24 * 3600


def _key(email: str, ip: str) -> str:
    digest = hashlib.sha256(f"{email.strip().lower()}|{ip}".encode()).hexdigest()
    return f"logis:login:{digest}"


def _state(email: str, ip: str) -> dict:
    return cache.get(_key(email, ip)) or {"failures": 0, "next_at": 0.0}


def delay_for(failures: int) -> int:
    if failures < FREE_FAILURES:
        return 0
    return min(BASE_DELAY * 2 ** (failures - FREE_FAILURES), MAX_DELAY)


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def refusal(email: str, ip: str, *, now: float | None = None) -> str | None:
    """Why this attempt is refused before the password is even checked (None: go ahead)."""
    state = _state(email, ip)
    if state["failures"] >= LOCK_AFTER:
        return (
            "Trop de tentatives ont échoué depuis cet appareil : la connexion à ce compte y est suspendue. Si "
            "l'adresse correspond à un compte Logis, son titulaire a reçu un e-mail pour la rétablir ; vous pouvez "
            "aussi utiliser « Mot de passe oublié ? »."
        )
    wait = int(state["next_at"] - (now or time.time()))
    if wait > 0:
        return (
            f"Trop de tentatives ont échoué. Patientez {_wait_text(wait)} avant de réessayer, ou utilisez le lien "
            "« Mot de passe oublié ? »."
        )
    return None


def failed(email: str, ip: str, *, now: float | None = None) -> dict:
    now = now or time.time()
    state = _state(email, ip)
    state["failures"] += 1
    state["next_at"] = now + delay_for(state["failures"])
    cache.set(_key(email, ip), state, WINDOW)
    if state["failures"] == LOCK_AFTER:
        _send_unlock(email, ip)
    return state


def cleared(email: str, ip: str) -> None:
    cache.delete(_key(email, ip))


def unlock_token(email: str, ip: str) -> str:
    return signing.dumps({"e": email.strip().lower(), "k": _key(email, ip)}, salt=UNLOCK_SALT)


def unlock(token: str) -> bool:
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=UNLOCK_MAX_AGE)
    except signing.BadSignature:
        return False
    cache.delete(data["k"])
    return True


def _send_unlock(email: str, ip: str) -> None:
    user = get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        return  # nothing is sent, and the page says the same thing
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:unlock", args=[unlock_token(email, ip)])
    send_email_on_commit(
        "login_locked",
        to=user.email,
        context={"link": link, "failures": LOCK_AFTER},
        key=f"login_locked:{_key(email, ip)}:{int(time.time() // WINDOW)}",
        user=user,
    )
