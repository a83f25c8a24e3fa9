"""Demo mailbox: e-mails written by Django's filebased backend, listed newest first and readable."""

import datetime as dt
import os
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.filebased import EmailBackend
from django.test import Client
from django.urls import reverse

from logis.notifications.demo_views import read_mailbox

pytestmark = [pytest.mark.urls("tests.notifications.urls"), pytest.mark.django_db]


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    cache.clear()
    return settings.EMAIL_FILE_PATH


def send(to, subject, body, *, date=None):
    headers = {"Date": date} if date else {}
    EmailMessage(subject, body, "Logis <ne-pas-repondre@logis.example>", [to], headers=headers).send()


def test_one_file_holding_several_messages_is_split_on_the_backend_separator(mail_dir):
    connection = EmailBackend(file_path=mail_dir)
    connection.send_messages(
        [
            EmailMessage("Premier", "Corps 1", "a@exemple.fr", ["un@exemple.fr"]),
            EmailMessage("Deuxième", "Corps 2\n" + "-" * 40, "a@exemple.fr", ["deux@exemple.fr"]),
            EmailMessage("Troisième", "Corps 3", "a@exemple.fr", ["trois@exemple.fr"]),
        ]
    )

    messages = read_mailbox(mail_dir)

    assert len(list(mail_dir.iterdir())) == 1
    assert sorted(message.subject for message in messages) == ["Deuxième", "Premier", "Troisième"]
    assert {message.recipients for message in messages} == {
        ("un@exemple.fr",),
        ("deux@exemple.fr",),
        ("trois@exemple.fr",),
    }
    assert "Corps 2" in next(message.body for message in messages if message.subject == "Deuxième")


def test_messages_are_listed_newest_first(mail_dir):
    send("camille@exemple.fr", "Ancien", "…", date="Mon, 06 Jan 2025 09:00:00 +0100")
    send("camille@exemple.fr", "Récent", "…", date="Tue, 07 Jan 2025 09:00:00 +0100")
    send("camille@exemple.fr", "Moyen", "…", date="Mon, 06 Jan 2025 18:00:00 +0100")

    messages = read_mailbox(mail_dir)

    assert [message.subject for message in messages] == ["Récent", "Moyen", "Ancien"]
    assert messages[0].sent_at == dt.datetime(2025, 1, 7, 8, 0, tzinfo=dt.UTC)


def test_dates_written_by_django_in_utc_are_read_as_utc(mail_dir):
    before = dt.datetime.now(tz=dt.UTC).replace(microsecond=0)

    send("camille@exemple.fr", "Maintenant", "…")  # Date: ... -0000

    sent_at = read_mailbox(mail_dir)[0].sent_at
    assert sent_at.utcoffset() == dt.timedelta(0)
    assert before <= sent_at <= dt.datetime.now(tz=dt.UTC)


def test_missing_directory_is_an_empty_mailbox(tmp_path):
    assert read_mailbox(tmp_path / "absent") == []


def test_mailbox_page_lists_recipient_subject_and_date_without_login(client, mail_dir):
    send("camille@exemple.fr", "Votre code de sécurité", "Code : 123456", date="Tue, 07 Jan 2025 09:00:00 +0100")

    response = client.get(reverse("demo:mailbox"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "camille@exemple.fr" in page
    assert "Votre code de sécurité" in page
    assert "7 janvier 2025, 09:00:00" in page


def test_mailbox_filters_by_recipient(client, mail_dir):
    send("camille@exemple.fr", "Pour Camille", "…")
    send("dominique@exemple.fr", "Pour Dominique", "…")

    response = client.get(reverse("demo:mailbox"), {"a": "Camille@Exemple.fr"})

    page = response.content.decode()
    assert "Pour Camille" in page
    assert "Pour Dominique" not in page


def test_message_page_shows_the_body_with_clickable_links_and_escapes_html(client, mail_dir):
    send(
        "camille@exemple.fr",
        "Confirmez votre adresse",
        "Ouvrez ce lien :\nhttp://testserver/compte/confirm-email/MQ:abc:def/\n<script>alert('x')</script>",
    )
    key = read_mailbox(mail_dir)[0].key

    response = client.get(reverse("demo:message", args=[key]))

    page = response.content.decode()
    assert '<a href="http://testserver/compte/confirm-email/MQ:abc:def/"' in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "Ouvrez ce lien" in page


def test_unknown_message_is_not_found(client, mail_dir):
    send("camille@exemple.fr", "Un e-mail", "…")

    assert client.get(reverse("demo:message", args=["..%2F..%2Fetc%2Fpasswd"])).status_code == 404
    assert client.get(reverse("demo:message", args=[".."])).status_code == 404
    assert client.get(reverse("demo:message", args=["inconnu-0"])).status_code == 404


def test_mailbox_is_closed_outside_the_demo(client, mail_dir, settings):
    settings.DEMO_MODE = False

    assert client.get(reverse("demo:mailbox")).status_code == 404


def test_a_newcomer_follows_the_confirmation_link_from_the_demo_mailbox(client, mail_dir):
    client.post(
        reverse("account_signup"), {"first_name": "Camille", "last_name": "Martin", "email": "camille@exemple.fr"}
    )
    assert mail.outbox == []  # written to the directory, not kept in memory
    mailbox = client.get(reverse("demo:mailbox"), {"a": "camille@exemple.fr"})
    assert "Confirmez votre adresse e-mail pour créer votre compte" in mailbox.content.decode()
    message_url = re.search(r'href="(/demo/courriels/[^"]+/)"', mailbox.content.decode()).group(1)

    message_page = Client().get(message_url).content.decode()
    confirm_path = re.search(r'href="http://testserver(/compte/confirm-email/[^"]+/)"', message_page).group(1)
    confirmed = Client().post(confirm_path)

    assert confirmed["Location"] == reverse("account_set_password")
    assert os.listdir(mail_dir)
