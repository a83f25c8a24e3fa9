"""Sending one webhook delivery: signed POST, outcome recorded, next attempt planned with back-off.

Webhooks are delivered at least once: a receiver that answered 2xx too late may get an event twice, and must
deduplicate on the `Logis-Event-Id` header (documented in the README). The signature covers the timestamp and the
body: `Logis-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>`.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from logis.api.exceptions import ApiSettingsError
from logis.api.models import WebhookDelivery

logger = logging.getLogger(__name__)

USER_AGENT = "Logis-Webhooks/1"
TIMEOUT_S = 5
# A claimed delivery is not taken again by the periodic flush during this time (a worker is sending it).
CLAIM_S = 60


def retry_delays() -> list[int]:
    """Seconds to wait before attempts 2, 3, …; after the last one the delivery fails for good (replayable)."""
    return list(getattr(settings, "LOGIS_WEBHOOK_RETRY_DELAYS", [60, 300, 1800, 7200, 21600, 86400]))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={sign(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: int | None = None, tolerance_s: int = 300) -> bool:
    """What a receiver does (and the tests): the signature matches and the timestamp is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(parts.get("v1", ""), sign(secret, timestamp, body))


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "LOGIS_WEBHOOKS_ALLOW_LOOPBACK_HTTP", False))


def _addresses(host: str) -> list[ipaddress._BaseAddress]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        return []
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def check_target(url: str) -> None:
    """An address a partner may register: HTTPS, a public host (no internal address of our network).

    Plain http to the loopback is accepted only when LOGIS_WEBHOOKS_ALLOW_LOOPBACK_HTTP is set (tests, demo)."""
    parts = urlsplit(url or "")
    host = parts.hostname or ""
    if parts.username or parts.password:
        raise ApiSettingsError("L'adresse ne doit pas contenir d'identifiant ni de mot de passe.")
    if not host:
        raise ApiSettingsError("Indiquez une adresse complète, par exemple https://exemple.fr/logis/webhooks.")
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback_allowed()):
        raise ApiSettingsError("L'adresse doit commencer par https:// : les événements ne partent qu'en HTTPS.")
    addresses = _addresses(host)
    if not addresses:
        raise ApiSettingsError(f"Le nom « {host} » ne correspond à aucun serveur : vérifiez l'adresse.")
    if _loopback_allowed() and all(address.is_loopback for address in addresses):
        return
    if parts.scheme != "https":
        raise ApiSettingsError("L'adresse doit commencer par https:// : les événements ne partent qu'en HTTPS.")
    if any(not address.is_global for address in addresses):
        raise ApiSettingsError(
            "Cette adresse mène à un réseau privé ou local : indiquez l'adresse publique de votre serveur."
        )


def _claim(pk: int, now: dt.datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("endpoint")
            .filter(pk=pk, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + dt.timedelta(seconds=CLAIM_S)
        delivery.save(update_fields=["attempts", "next_attempt_at"])
        return delivery


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 — the scheme is checked (https, or http to the loopback in tests)
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Logis-Event": delivery.event,
            "Logis-Event-Id": delivery.event_id,
            "Logis-Delivery": str(delivery.pk),
            "Logis-Signature": signature_header(delivery.endpoint.secret, timestamp, body),
        },
    )
    try:
        check_target(delivery.endpoint.url)  # again at sending time: the name may point elsewhere now
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, f"Réponse HTTP {error.code}"
    except ApiSettingsError as error:
        return None, error.message[:300]
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        return None, f"Serveur injoignable : {reason}"[:300]


def deliver(pk: int, *, now: dt.datetime | None = None) -> str | None:
    """One attempt for delivery `pk`, if it is due: 2xx → delivered; else the next attempt, or failed for good."""
    now = now or timezone.now()
    delivery = _claim(pk, now)
    if delivery is None:
        return None
    status, error = _post(delivery)
    delays = retry_delays()
    with transaction.atomic():
        delivery.last_status_code = status
        if status is not None and 200 <= status < 300:
            delivery.status = WebhookDelivery.Status.DELIVERED
            delivery.delivered_at = timezone.now()
            delivery.last_error = ""
            delivery.next_attempt_at = None
        else:
            delivery.last_error = error or f"Réponse HTTP {status}"
            if delivery.attempts > len(delays):
                delivery.status = WebhookDelivery.Status.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.next_attempt_at = timezone.now() + dt.timedelta(seconds=delays[delivery.attempts - 1])
        delivery.save(update_fields=["status", "delivered_at", "last_error", "last_status_code", "next_attempt_at"])
    if delivery.status != WebhookDelivery.Status.DELIVERED:
        logger.info("webhook delivery %s attempt %s: %s", delivery.pk, delivery.attempts, delivery.last_error)
    return delivery.status


def due(now: dt.datetime | None = None) -> list[int]:
    """Deliveries waiting for an attempt (first attempts whose hand-over was lost, and retries)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
