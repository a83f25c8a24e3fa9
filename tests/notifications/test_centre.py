"""The notification centre: every message e-mailed to a person also appears in the product; per-category e-mail
preferences; messages that carry a legal deadline always go by e-mail."""

import pytest
from django.core import mail
from django.urls import reverse

from logis.notifications import centre
from logis.notifications.email import send_email_on_commit
from logis.notifications.kinds import ALWAYS_BY_EMAIL, category_of
from logis.notifications.models import Notification, OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    return UserFactory(email="sophie@exemple.fr", first_name="Sophie")


def _send(template, to, **context):
    send_email_on_commit(template, to=to, context={"first_name": "Sophie", **context})


def test_every_message_to_an_account_also_appears_in_the_product(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send("forum_post_published", "Sophie@Exemple.fr", thread="Visale", link="http://testserver/forum/messages/3/")
    notification = Notification.objects.get(user=person)
    assert notification.subject == "Votre message est publié sur le forum"
    assert notification.link == "/forum/messages/3/"
    assert notification.emailed
    assert [m.to for m in mail.outbox] == [["Sophie@Exemple.fr"]]
    client.force_login(person)
    page = client.get(reverse("notifications:index")).content.decode()
    assert "Votre message est publié sur le forum" in page
    assert '1<span class="visually-hidden"> non lue</span>' in page


def test_no_account_no_notification(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _send("forum_report_received", "inconnu@exemple.fr", name="X", url="http://testserver/x", reason="Spam")
    assert not Notification.objects.exists()
    assert len(mail.outbox) == 1


def test_opening_marks_read_and_leads_to_the_object(client, person):
    _send("forum_post_published", person.email, thread="Visale", link="http://testserver/forum/messages/3/")
    other = UserFactory(email="autre@exemple.fr")
    _send("forum_post_published", other.email, thread="Visale", link="http://testserver/forum/")
    client.force_login(person)
    notification = Notification.objects.get(user=person)
    assert client.get(reverse("notifications:open", args=[Notification.objects.get(user=other).pk])).status_code == 404
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/forum/messages/3/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert centre.unread_count(person) == 0


def test_mark_all_read(client, person):
    for n in range(3):
        _send("forum_post_published", person.email, thread=f"Sujet {n}", link="")
    client.force_login(person)
    assert centre.unread_count(person) == 3
    client.post(reverse("notifications:mark_all_read"))
    assert centre.unread_count(person) == 0
    assert not Notification.objects.filter(user=person, read_at__isnull=True).exists()


def test_a_muted_category_stays_in_the_product_only(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert 'id="pref-forum"' in page
    client.post(reverse("notifications:preferences"), {"applications": "on", "contact": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        _send("forum_post_published", person.email, thread="Visale", link="")
    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()
    notification = Notification.objects.get(user=person)
    assert not notification.emailed
    assert "reçu ici seulement" in client.get(reverse("notifications:index")).content.decode()


def test_a_message_with_a_legal_deadline_always_goes_by_email(person, django_capture_on_commit_callbacks):
    centre.preferences_save(user=person, by_email=set())  # everything muted
    with django_capture_on_commit_callbacks(execute=True):
        _send(
            "forum_post_removed",
            person.email,
            thread="X",
            decision="Retiré",
            ground="Article 4",
            explanation="Données personnelles",
            decided_on=None,
            after_report=True,
            body="...",
            charter="http://testserver/forum/charte/",
            link="http://testserver/contact/",
        )
    assert [m.to for m in mail.outbox] == [[person.email]]
    assert Notification.objects.get(user=person).emailed
    assert category_of("application_offer_made") == "applications"
    assert "application_offer_made" in ALWAYS_BY_EMAIL


def test_the_same_event_twice_is_one_notification(person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            send_email_on_commit(
                "forum_post_published",
                to=person.email,
                context={"first_name": "Sophie", "thread": "X", "link": ""},
                key="forum:1",
            )
    assert Notification.objects.filter(user=person).count() == 1
    assert len(mail.outbox) == 1


def test_a_code_is_not_copied_into_the_product(person):
    send_email_on_commit(
        "registry_security_code",
        to=person.email,
        user=person,
        context={"code": "483920", "first_name": "Sophie", "numero_unique": "069 0524 000123 G0001"},
    )
    notification = Notification.objects.get(user=person)
    assert "483920" not in notification.body
    assert "code ou un lien personnel" in notification.body


def test_the_unread_count_in_the_header_costs_no_query_once_cached(client, person, django_assert_num_queries):
    _send("forum_post_published", person.email, thread="X", link="")
    client.force_login(person)
    client.get(reverse("forum:index"))
    assert centre.unread_count(person) == 1
    with django_assert_num_queries(0):
        assert centre.unread_count(person) == 1
