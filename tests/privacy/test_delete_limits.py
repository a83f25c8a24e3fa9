"""« Supprimer mon compte »: the password attempts are limited per account, with growing delays (issue #12)."""

import html

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from logis.privacy import limits
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()
DELETE = reverse("privacy:delete_account")


def _client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _try(client, password) -> str:
    response = client.post(DELETE, {"password": password, "confirm": "on"})
    return html.unescape(response.content.decode()) if response.status_code == 200 else ""


def test_the_delays_grow_and_stop_at_an_hour():
    assert [limits.delay_for(n) for n in range(1, 10)] == [0, 0, 30, 60, 120, 240, 480, 960, 1920]
    assert limits.delay_for(30) == 3600


def test_after_a_few_wrong_passwords_even_the_right_one_waits_then_works():
    person = UserFactory()
    client = _client_of(person)
    with time_machine.travel("2026-03-02 10:00:00 +0100", tick=False) as clock:
        assert "Ce mot de passe n'est pas celui de votre compte. Saisissez" in _try(client, "pas-le-bon-1")
        assert "Ce mot de passe n'est pas celui de votre compte. Saisissez" in _try(client, "pas-le-bon-2")
        third = _try(client, "pas-le-bon-3")
        assert "vous devez patienter 30 secondes avant de réessayer" in third
        assert "Mot de passe oublié ?" in third

        clock.shift(10)
        page = _try(client, PASSWORD)
        assert "Trop de mots de passe erronés ont été saisis pour supprimer ce compte. Patientez 20 secondes" in page
        assert User.objects.get(pk=person.pk).email == person.email  # not deleted

        clock.shift(21)
        assert "vous devez patienter 1 minute avant de réessayer" in _try(client, "pas-le-bon-4")  # it grew
        clock.shift(61)
        response = client.post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).email != person.email  # deleted (an empty shell remains)


def test_the_password_is_not_checked_while_a_delay_runs():
    person = UserFactory()
    client = _client_of(person)
    with time_machine.travel("2026-03-02 10:00:00 +0100", tick=False):
        for attempt in range(3):
            _try(client, f"pas-le-bon-{attempt}")
        checked = []
        real = User.check_password

        def check_password(self, raw):
            checked.append(raw)
            return real(self, raw)

        User.check_password = check_password
        try:
            _try(client, "pas-le-bon-encore")
        finally:
            User.check_password = real
    assert checked == []


def test_the_count_is_per_account_whatever_the_device_and_does_not_touch_others():
    person, other = UserFactory(), UserFactory()
    with time_machine.travel("2026-03-02 10:00:00 +0100", tick=False):
        for attempt in range(3):
            _try(_client_of(person), f"pas-le-bon-{attempt}")  # a new session each time
        assert "Patientez" in _try(_client_of(person), PASSWORD)
        response = _client_of(other).post(DELETE, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302


def test_the_right_password_forgets_the_earlier_failures():
    person = UserFactory()
    client = _client_of(person)
    _try(client, "pas-le-bon-1")
    _try(client, "pas-le-bon-2")
    page = client.post(DELETE, {"password": PASSWORD})  # the right password, the box left unticked
    assert "Cochez la case" in html.unescape(page.content.decode())
    assert "Saisissez le mot de passe" in _try(client, "pas-le-bon-3")  # counted from one again: no delay yet
