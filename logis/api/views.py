"""« API et webhooks » in the organisation's space: keys (shown once), webhooks and their deliveries, calls."""

import secrets

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from logis.api.exceptions import ApiSettingsError
from logis.api.forms import KeyForm, WebhookForm
from logis.api.models import ApiCall, ApiKey, WebhookDelivery, WebhookEndpoint
from logis.api.services import (
    api_key_create,
    api_key_revoke,
    api_key_rotate,
    partner_organizations,
    webhook_delivery_replay,
    webhook_register,
    webhook_remove,
)

SESSION_NONCES = "api_used_nonces"


def _organization(request, organization_id):
    return get_object_or_404(partner_organizations(request.user), pk=organization_id)


def _nonce() -> str:
    return secrets.token_urlsafe(16)


def _first_use(request, nonce: str) -> bool:
    """A form sent twice (double click, reload) acts once: its nonce is remembered in the session."""
    used = request.session.get(SESSION_NONCES, [])
    if nonce in used:
        return False
    request.session[SESSION_NONCES] = [*used[-19:], nonce]
    return True


def home(request):
    organizations = list(partner_organizations(request.user))
    if not organizations:
        raise Http404("Pas d'organisation partenaire pour ce compte.")
    if len(organizations) == 1:
        return redirect("api:settings", organization_id=organizations[0].pk)
    return render(request, "api/choose.html", {"organizations": organizations})


def _page(request, organization, *, key_form=None, webhook_form=None, new_secret=None, new_webhook=None, status=200):
    keys = list(ApiKey.objects.filter(organization=organization).select_related("created_by", "replaces")[:50])
    webhooks = list(WebhookEndpoint.objects.filter(organization=organization, is_active=True))
    deliveries = list(
        WebhookDelivery.objects.filter(endpoint__organization=organization).select_related("endpoint")[:30]
    )
    calls = list(ApiCall.objects.filter(key__organization=organization).select_related("key")[:30])
    return render(
        request,
        "api/settings.html",
        {
            "organization": organization,
            "keys": keys,
            "webhooks": webhooks,
            "deliveries": deliveries,
            "calls": calls,
            "key_form": key_form or KeyForm(organization=organization, initial={"nonce": _nonce()}, prefix="key"),
            "webhook_form": webhook_form
            or WebhookForm(organization=organization, initial={"nonce": _nonce()}, prefix="webhook"),
            "new_secret": new_secret,
            "new_webhook": new_webhook,
        },
        status=status,
    )


def settings_page(request, organization_id):
    organization = _organization(request, organization_id)
    return _page(request, organization)


@require_POST
def key_create(request, organization_id):
    organization = _organization(request, organization_id)
    form = KeyForm(request.POST, organization=organization, prefix="key")
    if not form.is_valid():
        return _page(request, organization, key_form=form, status=400)
    if not _first_use(request, form.cleaned_data["nonce"]):
        messages.info(request, "Cette clé a déjà été créée : elle figure dans la liste ci-dessous.")
        return redirect("api:settings", organization_id=organization.pk)
    try:
        new = api_key_create(
            organization=organization,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_on=form.cleaned_data["expires_on"],
            by=request.user,
        )
    except ApiSettingsError as error:
        form.add_error(None, error.message)
        return _page(request, organization, key_form=form, status=400)
    return _page(request, organization, new_secret=new)


@require_POST
def key_rotate(request, organization_id, key_id):
    organization = _organization(request, organization_id)
    key = get_object_or_404(ApiKey.objects.filter(organization=organization), pk=key_id)
    try:
        new = api_key_rotate(key=key, by=request.user)
    except ApiSettingsError as error:
        messages.error(request, error.message)
        return redirect("api:settings", organization_id=organization.pk)
    return _page(request, organization, new_secret=new)


@require_POST
def key_revoke(request, organization_id, key_id):
    organization = _organization(request, organization_id)
    key = get_object_or_404(ApiKey.objects.filter(organization=organization), pk=key_id)
    api_key_revoke(key=key, by=request.user)
    messages.success(request, f"La clé « {key.name} » est révoquée : elle ne permet plus aucun appel.")
    return redirect("api:settings", organization_id=organization.pk)


@require_POST
def webhook_create(request, organization_id):
    organization = _organization(request, organization_id)
    form = WebhookForm(request.POST, organization=organization, prefix="webhook")
    if not form.is_valid():
        return _page(request, organization, webhook_form=form, status=400)
    if not _first_use(request, form.cleaned_data["nonce"]):
        messages.info(request, "Cette adresse a déjà été enregistrée.")
        return redirect("api:settings", organization_id=organization.pk)
    try:
        endpoint = webhook_register(
            organization=organization,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
            by=request.user,
        )
    except ApiSettingsError as error:
        form.add_error("url", error.message)
        return _page(request, organization, webhook_form=form, status=400)
    return _page(request, organization, new_webhook=endpoint)


@require_POST
def webhook_delete(request, organization_id, webhook_id):
    organization = _organization(request, organization_id)
    endpoint = get_object_or_404(
        WebhookEndpoint.objects.filter(organization=organization, is_active=True), pk=webhook_id
    )
    webhook_remove(endpoint=endpoint, by=request.user)
    messages.success(request, f"L'adresse {endpoint.url} ne recevra plus d'événements.")
    return redirect("api:settings", organization_id=organization.pk)


@require_POST
def delivery_replay(request, organization_id, delivery_id):
    organization = _organization(request, organization_id)
    delivery = get_object_or_404(WebhookDelivery.objects.filter(endpoint__organization=organization), pk=delivery_id)
    try:
        webhook_delivery_replay(delivery=delivery, by=request.user)
    except ApiSettingsError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"L'événement {delivery.event} est renvoyé à {delivery.endpoint.url}.")
    return redirect("api:settings", organization_id=organization.pk)
