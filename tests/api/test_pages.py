"""« API et webhooks » in the organisation's space: a key shown once, a double click making one key, rotation,
revocation, webhooks; nobody else's organisation reachable."""

import re

import pytest
from django.urls import reverse

from logis.api.models import ApiKey, WebhookEndpoint
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _nonce(page) -> str:
    return re.search(r'name="key-nonce" value="([^"]+)"', page.content.decode()).group(1)


def test_an_agent_creates_a_key_shown_once_and_a_double_click_makes_one(client, agent, landlord):
    client.force_login(agent)
    home = client.get(reverse("api:home"), follow=True)
    assert home.status_code == 200
    assert "Clés d'API" in home.content.decode()
    url = reverse("api:key_create", args=[landlord.pk])
    data = {
        "key-name": "Gestion locative",
        "key-scopes": ["offers:read", "applications:read"],
        "key-nonce": _nonce(home),
    }
    first = client.post(url, data)
    page = first.content.decode()
    secret = re.search(r'value="(logis_[^"]+)"', page).group(1)
    key = ApiKey.objects.get()
    assert key.scopes == ["applications:read", "offers:read"]
    assert key.created_by == agent
    assert "ne sera plus jamais affichée" in page
    second = client.post(url, data, follow=True)
    assert ApiKey.objects.count() == 1
    assert "déjà été créée" in second.content.decode()
    listing = client.get(reverse("api:settings", args=[landlord.pk])).content.decode()
    assert secret not in listing
    assert f"logis_{key.prefix}_" in listing


def test_a_key_form_with_errors_keeps_what_was_typed(client, agent, landlord):
    client.force_login(agent)
    home = client.get(reverse("api:settings", args=[landlord.pk]))
    response = client.post(
        reverse("api:key_create", args=[landlord.pk]),
        {"key-name": "Mon logiciel", "key-nonce": _nonce(home), "key-expires_on": "2001-01-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Mon logiciel"' in page
    assert "date à venir" in page
    assert not ApiKey.objects.exists()


def test_rotation_and_revocation_from_the_page(client, agent, landlord, landlord_key):
    client.force_login(agent)
    page = client.post(reverse("api:key_rotate", args=[landlord.pk, landlord_key.key.pk])).content.decode()
    assert "reste valable jusqu'au" in page
    new = ApiKey.objects.exclude(pk=landlord_key.key.pk).get()
    assert new.replaces_id == landlord_key.key.pk
    client.post(reverse("api:key_revoke", args=[landlord.pk, new.pk]))
    new.refresh_from_db()
    assert new.revoked_at is not None
    assert new.revoked_by == agent


def test_another_organisation_s_page_and_keys_are_404(client, agent, other_landlord, other_api):
    client.force_login(agent)
    assert client.get(reverse("api:settings", args=[other_landlord.pk])).status_code == 404
    their_key = ApiKey.objects.get(organization=other_landlord)
    assert client.post(reverse("api:key_revoke", args=[other_landlord.pk, their_key.pk])).status_code == 404
    their_key.refresh_from_db()
    assert their_key.revoked_at is None


def test_an_applicant_has_no_partner_space(client):
    client.force_login(UserFactory())
    assert client.get(reverse("api:home")).status_code == 404


def test_an_employer_s_hr_sees_only_the_agreement_rights(client, hr_member, employer):
    client.force_login(hr_member)
    page = client.get(reverse("api:settings", args=[employer.pk])).content.decode()
    assert "agreements:write" in page
    assert "offers:write" not in page
    assert "agreement.requested" in page
    assert "application.state_changed" not in page


def test_a_webhook_is_registered_with_its_secret_shown_once(client, agent, landlord, receiver):
    client.force_login(agent)
    home = client.get(reverse("api:settings", args=[landlord.pk])).content.decode()
    nonce = re.search(r'name="webhook-nonce" value="([^"]+)"', home).group(1)
    response = client.post(
        reverse("api:webhook_create", args=[landlord.pk]),
        {"webhook-url": receiver.url, "webhook-events": ["application.state_changed"], "webhook-nonce": nonce},
    )
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    assert endpoint.secret not in client.get(reverse("api:settings", args=[landlord.pk])).content.decode()
    bad = client.post(
        reverse("api:webhook_create", args=[landlord.pk]),
        {
            "webhook-url": "http://exemple.org/x",
            "webhook-events": ["application.state_changed"],
            "webhook-nonce": "n2",
        },
    )
    assert bad.status_code == 400
    assert "https://" in bad.content.decode()
