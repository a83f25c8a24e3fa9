"""Logis speaks French only (ADR 0011): a browser asking for English still gets French, Django's own messages
included."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_browser_asking_for_english_gets_french_pages_and_french_framework_messages(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""}, HTTP_ACCEPT_LANGUAGE="en-US,en")
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "Ce champ est obligatoire." in page  # Django's own catalogue, in French
    assert "This field is required." not in page
    assert response.headers["Content-Language"] == "fr"
