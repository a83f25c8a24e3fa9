"""« Créer mon compte »: name and e-mail, a confirmation link, then the password, then the dashboard."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import confirmation_path, sign_up, text
from tests.clients import CommittingClient
from tests.factories import PASSWORD, UserFactory

User = get_user_model()
NEW_PASSWORD = "un-logement-pres-du-travail-2025"

pytestmark = pytest.mark.django_db


def _set_password(client, next_url=None):
    url = reverse("account_set_password") + (f"?next={next_url}" if next_url else "")
    data = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(url, data)


def test_signup_form_asks_names_and_email_but_no_password(client):
    response = client.get(reverse("account_signup"))

    page = response.content.decode()
    form = response.context["form"]
    assert list(form.fields) == ["first_name", "last_name", "email"]
    assert 'type="password"' not in page
    assert 'autocomplete="given-name"' in page
    assert 'autocomplete="family-name"' in page
    assert 'autocomplete="email"' in page
    assert form.fields["first_name"].widget.attrs.get("autofocus")
    assert '<label class="form-label" for="id_email">' in page
    assert "Créer mon compte" in page


def test_signup_creates_an_account_without_password_and_sends_the_link(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="camille.martin@exemple.fr")
    assert (user.first_name, user.last_name, user.kind) == ("Camille", "Martin", User.Kind.APPLICANT)
    assert not user.has_usable_password()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["camille.martin@exemple.fr"]
    assert message.subject == "[Logis] Confirmez votre adresse e-mail pour créer votre compte"
    assert "Bonjour Camille" in message.body
    assert confirmation_path(message.body)
    page = text(client.get(response["Location"]))
    assert "Consultez votre messagerie" in page


def test_invalid_signup_ties_each_error_to_its_field(client):
    response = client.post(
        reverse("account_signup"), {"first_name": "", "last_name": "Martin", "email": "pas-une-adresse"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-describedby="id_first_name_error' in page
    assert 'id="id_first_name_error"' in page
    assert 'aria-invalid="true"' in page
    assert "Ce champ est obligatoire." in page
    # The focus goes to the first field in error.
    assert response.context["form"].fields["first_name"].widget.attrs.get("autofocus")
    assert User.objects.count() == 0


def test_full_journey_from_signup_to_dashboard_in_the_same_browser(client):
    sign_up(client)
    path = confirmation_path(mail.outbox[0].body)

    confirm_page = client.get(path)
    assert confirm_page.status_code == 200
    assert "camille.martin@exemple.fr" in text(confirm_page)
    confirmed = client.post(path)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("account_set_password")
    set_password_page = client.get(confirmed["Location"])
    assert set_password_page.status_code == 200
    assert "Créez votre mot de passe" in text(set_password_page)
    assert set_password_page.context["user"].is_authenticated

    done = _set_password(client)

    assert done.status_code == 302
    assert done["Location"] == reverse("home:dashboard")
    dashboard = client.get(done["Location"])
    assert dashboard.status_code == 200
    assert dashboard.context["user"].email == "camille.martin@exemple.fr"
    user = User.objects.get(email="camille.martin@exemple.fr")
    assert user.check_password(NEW_PASSWORD)
    assert EmailAddress.objects.get(user=user).verified


def test_confirmation_link_opened_in_another_browser_signs_in_and_asks_for_the_password(client):
    sign_up(client)
    path = confirmation_path(mail.outbox[0].body)
    other_browser = Client()

    confirmed = other_browser.post(path)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("account_set_password")
    done = _set_password(other_browser)
    assert done["Location"] == reverse("home:dashboard")
    assert other_browser.get(reverse("home:dashboard")).status_code == 200
    assert User.objects.get(email="camille.martin@exemple.fr").check_password(NEW_PASSWORD)


def test_confirmation_link_never_signs_in_an_account_that_has_a_password(client):
    user = UserFactory(email="deja@exemple.fr")
    EmailAddress.objects.filter(user=user).update(verified=False)
    # Signing in with an unconfirmed address sends a new confirmation link.
    client.post(reverse("account_login"), {"login": "deja@exemple.fr", "password": PASSWORD})
    path = confirmation_path(mail.outbox[-1].body)
    other_browser = Client()

    confirmed = other_browser.post(path)

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("account_login")
    assert other_browser.get(reverse("home:dashboard")).status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_confirmation_link_does_not_sign_in_an_inactive_account(client):
    sign_up(client)
    User.objects.filter(email="camille.martin@exemple.fr").update(is_active=False)

    confirmed = Client().post(confirmation_path(mail.outbox[0].body))

    assert confirmed["Location"] == reverse("account_login")
    assert EmailAddress.objects.get(email="camille.martin@exemple.fr").verified


def test_confirmation_link_works_only_once(client):
    sign_up(client)
    path = confirmation_path(mail.outbox[0].body)
    Client().post(path)

    again = Client().get(path)

    assert again.status_code == 200
    assert "Ce lien n'est plus valable" in text(again)
    again_post = Client().post(path)
    assert again_post.status_code == 404


def test_next_address_of_the_signup_waits_until_the_password_is_created(client):
    offers = reverse("offers:list")
    sign_up(client, next_url=offers)

    confirmed = client.post(confirmation_path(mail.outbox[0].body))

    assert confirmed["Location"] == f"{reverse('account_set_password')}?next=%2Foffres%2F"
    done = _set_password(client, next_url=offers)
    assert done["Location"] == offers


def test_signup_with_a_taken_address_looks_the_same_and_tells_the_owner_by_email(client):
    UserFactory(email="deja@exemple.fr")

    response = sign_up(client, email="Deja@Exemple.fr")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="deja@exemple.fr").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["deja@exemple.fr"]
    assert message.subject == "[Logis] Vous avez déjà un compte"
    assert "/compte/password/reset/" in message.body
    page = text(client.get(response["Location"]))
    assert "Si un compte Logis existe déjà avec cette adresse" in page


def test_signing_up_again_before_confirming_sends_a_new_working_link(client):
    sign_up(client)
    cache.clear()  # allauth sends at most one confirmation per address every 3 minutes

    sign_up(CommittingClient())  # another browser; its request commits, so the e-mail leaves

    assert User.objects.filter(email="camille.martin@exemple.fr").count() == 1
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject == "[Logis] Confirmez votre adresse e-mail pour créer votre compte"
    confirmed = Client().post(confirmation_path(mail.outbox[1].body))
    assert confirmed["Location"] == reverse("account_set_password")
