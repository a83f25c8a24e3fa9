"""« Se connecter » with e-mail and password, « Mot de passe oublié ? », « Se déconnecter »."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import link_in, text
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
NEW_PASSWORD = "un-logement-pres-du-travail-2025"

pytestmark = pytest.mark.django_db


def test_login_form_asks_email_and_password_with_a_forgotten_password_link(client):
    response = client.get(reverse("account_login"))

    page = response.content.decode()
    assert list(response.context["form"].fields) == ["login", "password", "remember"]
    assert 'type="email"' in page
    assert 'autocomplete="current-password"' in page
    assert f'href="{reverse("account_reset_password")}"' in page
    assert "Mot de passe oublié ?" in page
    assert response.context["form"].fields["login"].widget.attrs.get("autofocus")


def test_login_with_email_and_password_lands_on_the_dashboard(client):
    UserFactory(email="camille@exemple.fr")

    response = client.post(reverse("account_login"), {"login": "Camille@Exemple.fr", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home:dashboard")
    assert client.get(reverse("home:dashboard")).status_code == 200


def test_login_with_a_wrong_password_says_so_in_french_and_what_to_do(client):
    UserFactory(email="camille@exemple.fr")

    response = client.post(reverse("account_login"), {"login": "camille@exemple.fr", "password": "pas-le-bon"})

    assert response.status_code == 200
    page = text(response)
    assert "L'adresse e-mail ou le mot de passe est incorrect." in page
    assert "Mot de passe oublié ?" in page
    assert 'role="alert"' in page
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_login_of_an_unknown_address_gives_the_same_answer_as_a_wrong_password(client):
    UserFactory(email="camille@exemple.fr")

    wrong_password = client.post(reverse("account_login"), {"login": "camille@exemple.fr", "password": "pas-le-bon"})
    unknown = client.post(reverse("account_login"), {"login": "personne@exemple.fr", "password": "pas-le-bon"})

    assert unknown.context["form"].non_field_errors() == wrong_password.context["form"].non_field_errors()


def test_password_reset_end_to_end(client):
    user = UserFactory(email="camille@exemple.fr")

    response = client.post(reverse("account_reset_password"), {"email": "camille@exemple.fr"})

    assert response["Location"] == reverse("account_reset_password_done")
    assert "Consultez votre messagerie" in text(client.get(response["Location"]))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Logis] Choisissez un nouveau mot de passe"
    browser = Client()  # the link is often opened from the mail client, in another browser
    key_page = browser.get(link_in(message.body, "/compte/password/reset/key/"), follow=True)
    assert "Choisissez un nouveau mot de passe" in text(key_page)
    form_url = key_page.redirect_chain[-1][0]

    done = browser.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # ACCOUNT_LOGIN_ON_PASSWORD_RESET: the person is signed in.
    assert done["Location"] == reverse("home:dashboard")
    assert browser.get(reverse("home:dashboard")).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    assert Client().login(email="camille@exemple.fr", password=NEW_PASSWORD)


def test_used_password_reset_link_explains_what_to_do(client):
    UserFactory(email="camille@exemple.fr")
    client.post(reverse("account_reset_password"), {"email": "camille@exemple.fr"})
    path = link_in(mail.outbox[0].body, "/compte/password/reset/key/")
    browser = Client()
    form_url = browser.get(path, follow=True).redirect_chain[-1][0]
    browser.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    again = Client().get(path)

    assert "Lien expiré ou déjà utilisé" in text(again)
    assert "Demandez un nouveau lien" in text(again)


def test_password_reset_of_an_unknown_address_does_not_reveal_it(client):
    response = client.post(reverse("account_reset_password"), {"email": "personne@exemple.fr"})

    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[Logis] Aucun compte avec cette adresse"
    assert "/compte/signup/" in mail.outbox[0].body


def test_an_account_that_never_created_its_password_can_get_one_by_password_reset(client):
    user = UserFactory(email="camille@exemple.fr")
    user.set_unusable_password()
    user.save()

    client.post(reverse("account_reset_password"), {"email": "camille@exemple.fr"})

    key_page = client.get(link_in(mail.outbox[0].body, "/compte/password/reset/key/"), follow=True)
    done = client.post(key_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done["Location"] == reverse("home:dashboard")


def test_logout_signs_out_and_goes_home(client):
    client.force_login(UserFactory())

    confirm_page = client.get(reverse("account_logout"))
    response = client.post(reverse("account_logout"))

    assert "Voulez-vous vous déconnecter" in text(confirm_page)
    assert response["Location"] == reverse("home:index")
    assert client.get(reverse("home:dashboard")).status_code == 302


def test_inactive_account_cannot_sign_in(client):
    UserFactory(email="camille@exemple.fr", is_active=False)

    response = client.post(reverse("account_login"), {"login": "camille@exemple.fr", "password": PASSWORD})

    assert response["Location"] == reverse("account_inactive")
    assert "Compte désactivé" in text(client.get(response["Location"]))
    assert client.get(reverse("home:dashboard")).status_code == 302
