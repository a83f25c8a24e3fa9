"""send_emails_on_commit: many messages as send_email_on_commit sends one (notification centre, muted categories,
once per key and recipient), in a few queries."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from logis.notifications.email import send_emails_on_commit
from logis.notifications.models import Notification, NotificationPreference, OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _message(user, key):
    return {
        "template": "favourite_unavailable",
        "to": user.email,
        "user": user,
        "key": key,
        "context": {
            "first_name": user.first_name,
            "offer": {"title": "T2", "commune": {"name": "Lyon"}},
            "link": "/x/",
        },
    }


def test_many_messages_in_a_few_queries_once_each(django_capture_on_commit_callbacks):
    users = [UserFactory() for _ in range(12)]
    NotificationPreference.objects.create(user=users[0], category="searches", by_email=False)
    # Delivered when the callbacks run, after the queries of the send are counted (the inner context).
    with django_capture_on_commit_callbacks(execute=True), CaptureQueriesContext(connection) as queries:
        emailed = send_emails_on_commit([_message(user, f"k:{user.pk}") for user in users])
    assert emailed == 11  # the one who muted the category gets the notification only
    assert len(queries) < 12
    assert Notification.objects.filter(kind="favourite_unavailable").count() == 12
    assert not Notification.objects.get(user=users[0]).emailed
    assert OutboxMessage.objects.count() == 11
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in users[1:])
    # The same keys again: nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        send_emails_on_commit([_message(user, f"k:{user.pk}") for user in users])
    assert Notification.objects.count() == 12
    assert OutboxMessage.objects.count() == 11
    assert len(mail.outbox) == 11
