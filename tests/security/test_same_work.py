"""An answer that must not tell whether an account or a demand exists must not take longer either (issue #12).

Timings are not asserted (a loaded machine makes them noise); the work that costs time is: password hashes, codes
hashed, outbox rows written (a decoy where nothing is sent) and messages handed to the task queue. Each pair of
requests below, one for something that exists and one for something that does not, does the same amount of each.
"""

import html
from collections import Counter
from contextlib import contextmanager
from unittest import mock

import pytest
from django.contrib.auth.hashers import get_hashers
from django.db.models.signals import post_save
from django.urls import reverse

from logis.demands import services as demand_services
from logis.notifications import email as notification_email
from logis.notifications import outbox
from logis.notifications.models import OutboxMessage
from tests.factories import DemandFactory, RegisteredDemandFactory, UserFactory, valid_siret

pytestmark = pytest.mark.django_db


@contextmanager
def counting_work(django_capture_on_commit_callbacks):
    """Counts the costly steps of the requests made inside (after-commit callbacks run, as in production)."""
    work = Counter()

    def count(name, function):
        def counted(*args, **kwargs):
            work[name] += 1
            return function(*args, **kwargs)

        return counted

    def on_outbox_row(sender, instance, created, **kwargs):  # SQLite: the rows are created by the ORM
        if created:
            work["outbox rows"] += 1

    def insert_outbox_rows(messages, *args, **kwargs):  # PostgreSQL: one INSERT … ON CONFLICT per write
        created = insert_many(messages, *args, **kwargs)
        work["outbox rows"] += len(created)
        return created

    insert_many = outbox._insert_many

    patches = [
        mock.patch.object(
            notification_email, "dispatch", count("handed to the task queue", notification_email.dispatch)
        ),
        mock.patch.object(demand_services, "_hash_code", count("codes hashed", demand_services._hash_code)),
        mock.patch.object(outbox, "_insert_many", insert_outbox_rows),
    ]
    for hasher in get_hashers():
        # encode is the costly step: make_password calls it, and so does verify (to compare the result).
        cls = type(hasher)
        patches.append(mock.patch.object(cls, "encode", count("password hashes", cls.encode)))
    post_save.connect(on_outbox_row, sender=OutboxMessage, dispatch_uid="test_same_work")
    try:
        for patch in patches:
            patch.start()
        with django_capture_on_commit_callbacks(execute=True):
            yield work
    finally:
        for patch in reversed(patches):
            patch.stop()
        post_save.disconnect(sender=OutboxMessage, dispatch_uid="test_same_work")


def _work(django_capture_on_commit_callbacks, request) -> Counter:
    with counting_work(django_capture_on_commit_callbacks) as work:
        response = request()
    assert response.status_code < 500
    return work


# --- the import of a numéro unique ------------------------------------------------------------------------------


def test_the_import_of_an_existing_or_unknown_numero_does_the_same_work(client, django_capture_on_commit_callbacks):
    importable = RegisteredDemandFactory()
    linked_elsewhere = RegisteredDemandFactory()
    DemandFactory(numero_unique=linked_elsewhere.numero_unique)
    radiated = RegisteredDemandFactory(status="radiated")
    unknown = RegisteredDemandFactory.build().numero_unique
    works = {}
    for name, numero in {
        "importable": importable.numero_unique,
        "linked elsewhere": linked_elsewhere.numero_unique,
        "radiated": radiated.numero_unique,
        "unknown": unknown,
    }.items():
        client.force_login(UserFactory())
        works[name] = _work(
            django_capture_on_commit_callbacks,
            lambda numero=numero: client.post(reverse("demands:import_start"), {"numero_unique": numero}),
        )
    assert works["importable"] == {"codes hashed": 1, "outbox rows": 1, "handed to the task queue": 1}
    assert all(work == works["importable"] for work in works.values()), works


def test_an_import_decoy_is_handed_to_the_task_queue_then_deleted_without_an_email(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(UserFactory())
    unknown = RegisteredDemandFactory.build().numero_unique
    written = []
    real = outbox.write_decoy

    def write_decoy(**kwargs):
        written.append(real(**kwargs))
        return written[-1]

    with (
        mock.patch.object(outbox, "write_decoy", side_effect=write_decoy),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(reverse("demands:import_start"), {"numero_unique": unknown})
    assert len(written) == 1
    assert written[0].status == OutboxMessage.Status.DECOY
    assert not OutboxMessage.objects.filter(pk=written[0].pk).exists()  # the worker deleted it
    assert mailoutbox == []


def test_the_periodic_flush_deletes_a_decoy_the_task_queue_missed(mailoutbox):
    decoy = outbox.write_decoy(template="registry_security_code", user=UserFactory())
    outbox.flush()
    assert not OutboxMessage.objects.filter(pk=decoy.pk).exists()
    assert mailoutbox == []


def test_a_decoy_is_not_in_the_persons_data_export():
    from logis.notifications.personal_data import notification_data

    user = UserFactory()
    outbox.write_decoy(template="registry_security_code", user=user)
    assert notification_data.export(user)["E-mails envoyés"] == []


# --- accounts: sign-in, password reset, sign-ups ------------------------------------------------------------------


def _pair(client, django_capture_on_commit_callbacks, url, existing_data, unknown_data) -> tuple[Counter, Counter]:
    existing = _work(django_capture_on_commit_callbacks, lambda: client.post(url, existing_data))
    client.logout()
    unknown = _work(django_capture_on_commit_callbacks, lambda: client.post(url, unknown_data))
    return existing, unknown


def test_a_wrong_password_costs_one_hash_whether_the_account_exists_or_not(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="camille@exemple.fr")
    existing, unknown = _pair(
        client,
        django_capture_on_commit_callbacks,
        reverse("account_login"),
        {"login": user.email, "password": "pas-le-bon-mot-de-passe"},
        {"login": "personne@exemple.fr", "password": "pas-le-bon-mot-de-passe"},
    )
    assert existing["password hashes"] >= 1
    assert existing == unknown


def test_a_password_reset_queues_one_email_whether_the_account_exists_or_not(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    user = UserFactory(email="camille@exemple.fr")
    existing, unknown = _pair(
        client,
        django_capture_on_commit_callbacks,
        reverse("account_reset_password"),
        {"email": user.email},
        {"email": "personne@exemple.fr"},
    )
    assert existing == unknown == {"outbox rows": 1, "handed to the task queue": 1}
    assert sorted(message.to[0] for message in mailoutbox) == ["camille@exemple.fr", "personne@exemple.fr"]


def test_the_applicant_sign_up_queues_one_email_whether_the_account_exists_or_not(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="camille@exemple.fr")
    person = {"first_name": "Camille", "last_name": "Durand"}
    existing, unknown = _pair(
        client,
        django_capture_on_commit_callbacks,
        reverse("account_signup"),
        person | {"email": "camille@exemple.fr"},
        person | {"email": "personne@exemple.fr"},
    )
    assert existing["outbox rows"] == 1
    assert existing == unknown


def test_the_employer_sign_up_queues_one_email_whether_the_account_exists_or_not(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="nadia.haddad@tissages.example")

    def data(siret, email):
        return {
            "siret": siret,
            "name": "Tissages du Rhône",
            "headcount": "120",
            "is_agricultural": "non",
            "pays_peec": "oui",
            "first_name": "Nadia",
            "last_name": "Haddad",
            "email": email,
        }

    existing, unknown = _pair(
        client,
        django_capture_on_commit_callbacks,
        reverse("employers:signup"),
        data(valid_siret(7_412_345_678), "nadia.haddad@tissages.example"),
        data(valid_siret(7_412_345_679), "personne@tissages.example"),
    )
    assert existing["outbox rows"] == 1
    assert existing == unknown


def test_the_agency_sign_up_tells_the_owner_of_an_address_that_has_an_account_by_email(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    UserFactory(email="lucie.moreau@terreaux.example")

    def data(siren_seed, email):
        siren = valid_siret(siren_seed)[:9]
        return {
            "kind": "agency",
            "name": "Agence des Terreaux",
            "siren": siren,
            "professional_card": "cpi 6901 2019 000 012 345",
            "first_name": "Lucie",
            "last_name": "Moreau",
            "email": email,
        }

    existing, unknown = _pair(
        client,
        django_capture_on_commit_callbacks,
        reverse("landlords:signup"),
        data(7_455_512_345, "Lucie.Moreau@terreaux.example"),
        data(7_455_512_346, "personne@terreaux.example"),
    )
    assert existing["outbox rows"] == 1
    assert existing == unknown
    told = next(message for message in mailoutbox if message.to == ["lucie.moreau@terreaux.example"])
    body = html.unescape(told.body)
    assert "Vous avez déjà un compte Logis avec cette adresse" in body
    assert "l'inscription n'a pas été faite" in body
