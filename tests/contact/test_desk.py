"""The contact desk: a message becomes a numbered ticket; the team answers in the product and by e-mail; the person
answers back; the median time to first answer is measured and shown."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from logis.audit.models import SensitiveRead
from logis.contact import services
from logis.contact.models import Ticket, TicketMessage
from tests.documents import files
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

MESSAGE = {
    "subject": "application",
    "name": "Jean Dupont",
    "email": "jean@exemple.fr",
    "body": "Bonjour, je n'ai pas de nouvelles de ma candidature depuis trois semaines.",
}


def _link(body: str) -> str:
    return re.search(r"http://testserver(/contact/suivi/[^/\s]+/)", body).group(1)


def test_anyone_writes_to_the_team_and_gets_a_numbered_ticket(client, django_capture_on_commit_callbacks):
    page = client.get(reverse("contact:new")).content.decode()
    assert '<h1 class="h3 mb-3">Contacter l\'équipe Logis</h1>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact:new"), MESSAGE)
    ticket = Ticket.objects.get()
    assert re.fullmatch(rf"{timezone.localdate():%Y}-\d{{6}}", ticket.number)
    assert ticket.status == Ticket.Status.NEW
    assert response["Location"] == ticket.get_absolute_url()
    receipt = mail.outbox[-1]
    assert receipt.to == ["jean@exemple.fr"]
    assert ticket.number in receipt.subject
    assert _link(receipt.body) == ticket.get_absolute_url()
    followed = client.get(_link(receipt.body)).content.decode()
    assert f"Demande n° {ticket.number}" in followed
    assert "Reçu, en attente de réponse" in followed
    assert "trois semaines" in followed


def test_a_signed_in_person_finds_their_tickets_and_nobody_elses(client, person):
    client.force_login(person)
    form = client.get(reverse("contact:new")).content.decode()
    assert 'value="sophie@exemple.fr"' in form
    client.post(reverse("contact:new"), {**MESSAGE, "name": "Sophie Lambert", "email": person.email})
    services.ticket_open(subject="other", name="Autre", email="autre@exemple.fr", body="Bonjour", by=None)
    page = client.get(reverse("contact:mine")).content.decode()
    assert page.count("Demande n°") == 1
    assert Ticket.objects.get(user=person).number in page


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"body": "  "}, "Écrivez votre message avant de l&#x27;envoyer."),
        ({"body": "x" * 10_001}, "Votre message dépasse 10 000 caractères"),
        ({"subject": ""}, "Choisissez l&#x27;objet de votre message."),
        ({"email": "pas-une-adresse"}, "Cette adresse e-mail n&#x27;est pas valide."),
    ],
)
def test_bad_input_says_what_to_do_and_keeps_what_was_typed(client, change, error):
    response = client.post(reverse("contact:new"), {**MESSAGE, **change})
    content = response.content.decode()
    assert error in content
    assert "Jean Dupont" in content
    assert not Ticket.objects.exists()


def test_html_in_a_message_is_shown_as_text(client, agent):
    ticket = services.ticket_open(
        subject="other", name="<b>X</b>", email="x@exemple.fr", body="<script>alert(1)</script>", by=None
    )
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    client.force_login(agent)
    assert "<b>X</b>" not in client.get(reverse("contact:inbox_ticket", args=[ticket.pk])).content.decode()


def test_the_same_message_sent_twice_is_one_ticket(client):
    data = {**MESSAGE, "key": "3b6d4c1e-7a55-4c0e-9f52-6a8f2d3c9b11"}
    first = client.post(reverse("contact:new"), data)
    second = client.post(reverse("contact:new"), data)
    assert first["Location"] == second["Location"]
    assert Ticket.objects.count() == 1


def test_a_flood_from_one_address_is_stopped(settings):
    settings.CONTACT_TICKETS_PER_HOUR = 2
    for _ in range(2):
        services.ticket_open(**{**MESSAGE, "by": None})
    with pytest.raises(services.ContactError, match="plusieurs fois dans l'heure"):
        services.ticket_open(**{**MESSAGE, "by": None})
    assert services.ticket_open(**{**MESSAGE, "email": "autre@exemple.fr", "by": None}).pk


def test_a_piece_is_checked_by_its_content_and_kept_private(client, agent, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("avis.pdf", b"ceci n'est pas un PDF", content_type="application/pdf")
    response = client.post(reverse("contact:new"), {**MESSAGE, "attachment": fake})
    assert "n&#x27;est ni un PDF" in response.content.decode()
    assert not Ticket.objects.exists()
    pdf = SimpleUploadedFile("avis.pdf", files.text_pdf(), content_type="application/pdf")
    client.post(reverse("contact:new"), {**MESSAGE, "attachment": pdf})
    message = TicketMessage.objects.get()
    assert message.attachment_name == "avis.pdf"
    ticket = message.ticket
    download = client.get(reverse("contact:attachment", args=[ticket.access_token, message.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("contact:attachment", args=["mauvais-lien", message.pk])).status_code == 404
    assert client.get(reverse("contact:inbox_attachment", args=[ticket.pk, message.pk])).status_code == 302


def test_the_inbox_is_for_the_team_only(client, person, agent):
    ticket = services.ticket_open(**{**MESSAGE, "by": None})
    hr = MembershipFactory(organization=OrganizationFactory(), user__email="rh@exemple.fr").user
    for user in (person, hr):
        client.force_login(user)
        assert client.get(reverse("contact:inbox")).status_code == 404
        assert client.get(reverse("contact:inbox_ticket", args=[ticket.pk])).status_code == 404
        assert client.post(reverse("contact:inbox_close", args=[ticket.pk])).status_code == 404
    client.force_login(agent)
    assert ticket.number in client.get(reverse("contact:inbox")).content.decode()


def test_the_team_assigns_answers_and_closes_and_the_person_answers_back(
    client, agent, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = services.ticket_open(**{**MESSAGE, "email": person.email, "by": person})
    client.force_login(agent)
    client.post(reverse("contact:inbox_assign", args=[ticket.pk]), {"to": "me"})
    ticket.refresh_from_db()
    assert ticket.assigned_to == agent
    assert ticket.status == Ticket.Status.OPEN
    page = client.get(reverse("contact:inbox_ticket", args=[ticket.pk]))
    assert SensitiveRead.objects.filter(subject=person, actor=agent).exists()
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("contact:inbox_ticket", args=[ticket.pk]),
            {"body": "Le bailleur examine votre dossier cette semaine."},
        )
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.ANSWERED
    assert ticket.first_answer_at is not None
    answer = mail.outbox[-1]
    assert answer.to == [person.email]
    assert "Le bailleur examine votre dossier cette semaine." in answer.body
    # The person answers back from the link; the one who follows the ticket is told.
    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_link(answer.body), {"body": "Merci, j'attends donc."})
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert mail.outbox[-1].to == [agent.email]
    assert [m.from_team for m in ticket.messages.all()] == [False, True, False]
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contact:inbox_close", args=[ticket.pk]))
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.CLOSED
    assert "est close" in mail.outbox[-1].subject
    # Answering a closed ticket reopens it.
    services.ticket_reply_person(ticket=ticket, body="Finalement, une autre question", by=None)
    ticket.refresh_from_db()
    assert ticket.status == Ticket.Status.OPEN
    assert ticket.closed_at is None


def test_the_median_time_to_first_answer_is_measured_and_shown(client, agent):
    now = timezone.now()
    assert services.median_first_answer(now=now) is None
    for hours in (1, 2, 3, 5, 30):
        ticket = services.ticket_open(**{**MESSAGE, "email": f"p{hours}@exemple.fr", "by": None})
        Ticket.objects.filter(pk=ticket.pk).update(
            created_at=now - dt.timedelta(days=2),
            first_answer_at=now - dt.timedelta(days=2) + dt.timedelta(hours=hours),
        )
    old = services.ticket_open(**{**MESSAGE, "email": "old@exemple.fr", "by": None})
    Ticket.objects.filter(pk=old.pk).update(
        created_at=now - dt.timedelta(days=120), first_answer_at=now - dt.timedelta(days=100)
    )
    assert services.median_first_answer(now=now) == dt.timedelta(hours=3)
    assert (
        "Délai médian de première réponse, mesuré sur les 90 derniers jours : 3 heures."
        in client.get(reverse("contact:new")).content.decode()
    )


def test_the_phone_line_and_hours_appear_in_the_footer_when_set(client, settings):
    assert "par téléphone" not in client.get(reverse("forum:index")).content.decode()
    settings.LOGIS_CONTACT_PHONE = "09 70 00 00 00"
    settings.LOGIS_CONTACT_HOURS = "du lundi au vendredi, de 9 h à 18 h"
    page = client.get(reverse("forum:index")).content.decode()
    assert '<a href="tel:0970000000">09 70 00 00 00</a>' in page
    assert "du lundi au vendredi, de 9 h à 18 h" in page
