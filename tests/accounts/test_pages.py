"""Every allauth page of the journey is in French, inside the Logis layout, with one main heading."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from tests.accounts.helpers import text
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url_name", "kwargs", "heading"),
    [
        ("account_login", {}, "Se connecter"),
        ("account_signup", {}, "Créer mon compte"),
        ("account_email_verification_sent", {}, "Consultez votre messagerie"),
        ("account_confirm_email", {"key": "lien-invalide"}, "Confirmer mon adresse e-mail"),
        ("account_reset_password", {}, "Mot de passe oublié"),
        ("account_reset_password_done", {}, "Consultez votre messagerie"),
        ("account_reset_password_from_key", {"uidb36": "1", "key": "cle-invalide"}, "Lien expiré ou déjà utilisé"),
        ("account_reset_password_from_key_done", {}, "Mot de passe modifié"),
        ("account_inactive", {}, "Compte désactivé"),
    ],
)
def test_public_account_pages_are_french_and_use_the_layout(client, url_name, kwargs, heading):
    response = client.get(reverse(url_name, kwargs=kwargs))

    assert response.status_code == 200
    page = text(response)
    assert '<html lang="fr">' in page
    assert 'id="contenu"' in page
    assert page.count("<h1") == 1
    assert f'<h1 class="h3 mb-3">{heading}</h1>' in page
    assert "bootstrap.min.css" in page


def test_set_password_page_for_an_account_without_password(client):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)

    response = client.get(reverse("account_set_password"))

    page = text(response)
    assert "Créez votre mot de passe" in page
    assert 'autocomplete="new-password"' in page
    assert 'autocomplete="username"' in page


def test_change_password_page_for_an_account_with_a_password(client):
    client.force_login(UserFactory())

    response = client.get(reverse("account_change_password"))

    page = text(response)
    assert "Changer mon mot de passe" in page
    assert 'autocomplete="current-password"' in page


def test_other_allauth_pages_render_inside_the_layout(client):
    """Pages we did not rewrite (e-mail management) still use our layout and Bootstrap elements."""
    user = UserFactory()
    EmailAddress.objects.create(user=user, email="autre@exemple.fr", verified=False)
    client.force_login(user)

    response = client.get(reverse("account_email"))

    page = text(response)
    assert response.status_code == 200
    assert 'id="contenu"' in page
    assert 'class="allauth-form"' in page
    assert "btn btn-" in page
