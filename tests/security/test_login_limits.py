"""Sign-in limits per (account, address) pair, with growing delays and a lockout the owner lifts by e-mail."""

import datetime as dt
import html
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from logis.accounts import throttle
from tests.clients import CommittingClient
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/compte/login/"


@pytest.fixture
def owner(db):
    return UserFactory(email="camille@exemple.fr")


def _attempt(client, password, *, ip="203.0.113.7", email="camille@exemple.fr"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def _errors(response) -> str:
    return " ".join(response.context["form"].non_field_errors()) if response.context else ""


def test_the_delays_grow_after_three_failures():
    assert [throttle.delay_for(n) for n in range(1, 9)] == [0, 0, 15, 30, 60, 120, 240, 480]
    assert throttle.delay_for(30) == throttle.MAX_DELAY


def test_after_three_failures_the_pair_waits_and_the_page_says_how_long(owner):
    client = CommittingClient()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(3):
            assert "incorrect" in _errors(_attempt(client, "faux"))
        refused = _attempt(client, PASSWORD)
        assert "Patientez 15 secondes" in _errors(refused)
        assert "_auth_user_id" not in client.session
        traveller.shift(dt.timedelta(seconds=16))
        assert _attempt(client, PASSWORD).status_code == 302


def test_an_attacker_elsewhere_never_locks_the_owner_out(owner):
    attacker, owner_browser = CommittingClient(), CommittingClient()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(throttle.LOCK_AFTER + 2):
            _attempt(attacker, "devine", ip="198.51.100.66")
            traveller.shift(dt.timedelta(minutes=16))
        assert "suspendue" in _errors(_attempt(attacker, PASSWORD, ip="198.51.100.66"))
        assert _attempt(owner_browser, PASSWORD, ip="192.0.2.10").status_code == 302


def test_people_sharing_an_address_do_not_lock_each_other_out(owner):
    UserFactory(email="dominique@exemple.fr")
    office = CommittingClient()
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(6):
            _attempt(office, "faux", ip="192.0.2.50")
        colleague = CommittingClient()
        assert _attempt(colleague, PASSWORD, ip="192.0.2.50", email="dominique@exemple.fr").status_code == 302


def test_the_lockout_is_lifted_by_the_link_sent_to_the_owner(owner):
    client = CommittingClient()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(throttle.LOCK_AFTER):
            _attempt(client, "faux")
            traveller.shift(dt.timedelta(minutes=16))
        locked = _attempt(client, PASSWORD)
        assert "suspendue" in _errors(locked)
        [message] = [m for m in mail.outbox if "suspendue" in m.subject]
        assert message.to == ["camille@exemple.fr"]
        link = re.search(r"https?://\S+/compte/connexion/retablir/\S+/", message.body).group(0)
        path = link.split("testserver", 1)[-1]
        lifted = client.get(path, follow=True)
        assert "La connexion à votre compte est rétablie" in html.unescape(lifted.content.decode())
        assert _attempt(client, PASSWORD).status_code == 302


def test_an_unknown_address_gets_the_same_answers_and_no_email(owner):
    known, unknown = CommittingClient(), CommittingClient()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(throttle.LOCK_AFTER):
            a = _errors(_attempt(known, "faux"))
            b = _errors(_attempt(unknown, "faux", email="personne@exemple.fr"))
            assert a == b
            traveller.shift(dt.timedelta(minutes=16))
        assert _errors(_attempt(known, "faux")) == _errors(_attempt(unknown, "faux", email="personne@exemple.fr"))
    assert [m.to for m in mail.outbox if "suspendue" in m.subject] == [["camille@exemple.fr"]]


def test_a_forged_or_expired_unlock_link_changes_nothing(owner, client):
    response = client.get(reverse("accounts:unlock", args=["pas-un-jeton"]), follow=True)
    assert "Ce lien n'est plus valable" in html.unescape(response.content.decode())
