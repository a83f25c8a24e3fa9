"""Use cases of the partner API's settings: keys (create, rotate, revoke) and webhooks (register, remove, replay).

Who may act: an active agent of the landlord, or an active HR member of the employer, for their organisation only.
"""

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from logis.api.exceptions import ApiSettingsError
from logis.api.models import EVENTS_BY_KIND, SCOPES_BY_KIND, ApiKey, WebhookDelivery, WebhookEndpoint
from logis.api.webhooks import check_target, endpoints_changed, schedule_delivery
from logis.organizations.models import Membership, Organization

KEY_PREFIX = "logis"
# The role that manages the API of an organisation of each kind, and whose rights a key carries.
ROLE_BY_KIND = {Organization.Kind.LANDLORD: Membership.Role.AGENT, Organization.Kind.EMPLOYER: Membership.Role.HR}


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def partner_organizations(user):
    """The organisations whose API `user` manages: landlords where they are an agent, employers where HR."""
    if not user.is_authenticated:
        return Organization.objects.none()
    allowed = Q()
    for kind, role in ROLE_BY_KIND.items():
        allowed |= Q(kind=kind, memberships__role=role)
    return (
        Organization.objects.filter(allowed, memberships__user=user, memberships__is_active=True)
        .distinct()
        .order_by("name", "pk")
    )


def may_act_for(user, organization) -> bool:
    role = ROLE_BY_KIND.get(organization.kind)
    return bool(
        role
        and user is not None
        and user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user=user, organization=organization, role=role, is_active=True).exists()
    )


def _check(user, organization) -> None:
    if not may_act_for(user, organization):
        raise PermissionError("Only the organisation's agents or HR manage its API.")


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # shown once, never stored


def _new_secret() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_key_create(
    *, organization, name: str, scopes: list[str], by, expires_on: dt.date | None = None, now=None, replaces=None
) -> NewKey:
    _check(by, organization)
    now = now or timezone.now()
    name = " ".join((name or "").split())
    if not name:
        raise ApiSettingsError("Donnez un nom à la clé, par exemple celui du logiciel qui l'utilisera.")
    allowed = {scope.value for scope in SCOPES_BY_KIND[organization.kind]}
    chosen = sorted(set(scopes))
    if not chosen:
        raise ApiSettingsError("Choisissez au moins un droit pour cette clé.")
    if not set(chosen) <= allowed:
        raise ApiSettingsError("Un des droits choisis ne s'applique pas à votre organisation.")
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate(now):
            raise ApiSettingsError("Choisissez une date d'expiration à venir.")
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time(23, 59, 59)))
    prefix, secret = _new_secret()
    key = ApiKey.objects.create(
        organization=organization,
        name=name[:80],
        prefix=prefix,
        digest=digest_of(secret),
        scopes=chosen,
        created_by=by,
        created_at=now,
        expires_at=expires_at,
        replaces=replaces,
    )
    return NewKey(key=key, secret=secret)


# A rotated key keeps working this long, so that the partner can deploy the new one without a cut.
ROTATION_OVERLAP = dt.timedelta(hours=24)


@transaction.atomic
def api_key_rotate(*, key: ApiKey, by, now=None) -> NewKey:
    """A new secret with the same name and rights; the old one stops 24 hours later (or at its own expiry)."""
    now = now or timezone.now()
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    _check(by, key.organization)
    if key.status(now) != "active":
        raise ApiSettingsError("Cette clé n'est plus active : créez-en une nouvelle.")
    if hasattr(key, "replaced_by"):
        raise ApiSettingsError("Cette clé a déjà été renouvelée : utilisez la nouvelle.")
    expires_on = timezone.localdate(key.expires_at) if key.expires_at else None
    if expires_on is not None and expires_on <= timezone.localdate(now):
        expires_on = None
    new = api_key_create(
        organization=key.organization,
        name=key.name,
        scopes=key.scopes,
        by=by,
        expires_on=expires_on,
        now=now,
        replaces=key,
    )
    end = now + ROTATION_OVERLAP
    if key.expires_at is None or key.expires_at > end:
        key.expires_at = end
        key.save(update_fields=["expires_at"])
    return new


@transaction.atomic
def api_key_revoke(*, key: ApiKey, by, now=None) -> ApiKey:
    now = now or timezone.now()
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    _check(by, key.organization)
    if key.revoked_at is None:
        key.revoked_at = now
        key.revoked_by = by
        key.save(update_fields=["revoked_at", "revoked_by"])
    return key


@transaction.atomic
def webhook_register(*, organization, url: str, events: list[str], by, now=None) -> WebhookEndpoint:
    from_kind = {event.value for event in EVENTS_BY_KIND.get(organization.kind, ())}
    _check(by, organization)
    check_target(url)
    chosen = sorted(set(events))
    if not chosen:
        raise ApiSettingsError("Choisissez au moins un événement à recevoir.")
    if not set(chosen) <= from_kind:
        raise ApiSettingsError("Un des événements choisis ne concerne pas votre organisation.")
    if WebhookEndpoint.objects.filter(organization=organization, url=url, is_active=True).exists():
        raise ApiSettingsError("Cette adresse reçoit déjà les événements de votre organisation.")
    return WebhookEndpoint.objects.create(
        organization=organization,
        url=url,
        events=chosen,
        secret="whsec_" + secrets.token_urlsafe(32),
        created_by=by,
        created_at=now or timezone.now(),
    )


@transaction.atomic
def webhook_remove(*, endpoint: WebhookEndpoint, by) -> None:
    _check(by, endpoint.organization)
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(is_active=False)
    endpoints_changed(endpoint.organization_id)  # update() sends no signal


@transaction.atomic
def webhook_delivery_replay(*, delivery: WebhookDelivery, by, now=None) -> WebhookDelivery:
    """Send an event again (the receiver was down past the retries, or lost it): a new attempt, now."""
    delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint__organization").get(pk=delivery.pk)
    _check(by, delivery.endpoint.organization)
    if not delivery.endpoint.is_active:
        raise ApiSettingsError("Cette adresse a été retirée : enregistrez-la de nouveau pour recevoir les événements.")
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = now or timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    schedule_delivery(delivery)
    return delivery
