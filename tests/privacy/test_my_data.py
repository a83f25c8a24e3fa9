"""« Mes données »: a person downloads all their data (JSON, PDF) and deletes their account (issue #12, 7)."""

import datetime as dt
import html
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from logis.applications.models import Application
from logis.audit.models import SensitiveRead
from logis.audit.services import record_read
from logis.contact.models import Ticket, TicketMessage
from logis.core.personal_data import sections
from logis.demands.models import Demand
from logis.forum.models import Post
from logis.privacy.services import account_delete, ended_demands_purge, inactive_accounts_purge
from tests.commission.factories import AgendaItemFactory
from tests.factories import PASSWORD, ApplicationFactory, DemandFactory, MembershipFactory, UserFactory
from tests.forum.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def person(client):
    demand = DemandFactory(owner=UserFactory(first_name="Sophie", last_name="Lambert"), max_rent=777)
    client.force_login(demand.owner)
    return demand.owner


def _export(client) -> dict:
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-logis-')
    return json.loads(response.content)


def _section(export: dict, name: str) -> dict:
    return next(section for section in export["sections"] if section["nom"] == name)["données"]


def test_every_app_holding_personal_data_has_its_section():
    names = {section.name for section in sections()}
    assert {"accounts", "demands", "applications", "documents", "forum", "contact", "support", "audit"} <= names
    assert [section.name for section in sections()][-1] == "accounts"  # the account is emptied last


def test_the_page_offers_both_downloads_and_the_deletion(client, person):
    page = html.unescape(client.get(reverse("privacy:my_data")).content.decode())
    for name in ("export_json", "export_pdf", "delete_account"):
        assert reverse(f"privacy:{name}") in page
    assert reverse("privacy:my_data") in html.unescape(
        client.get(reverse("home:dashboard")).content.decode()
    )  # the menu


def test_the_json_export_holds_my_data_and_no_secret(client, person):
    export = _export(client)
    account = _section(export, "accounts")["Compte"][0]
    assert account["adresse e-mail"] == person.email
    assert not any("password" in key or "mot de passe" in key for key in account)
    demand = _section(export, "demands")["Demande importée"][0]
    assert demand["numéro unique"] == person.demand.numero_unique
    assert 777 in demand.values()


def test_the_export_is_recorded_in_the_access_log(client, person):
    _export(client)
    read = SensitiveRead.objects.get(subject=person, purpose="export")
    assert read.actor == person
    assert "JSON" in read.what


def test_the_pdf_export_is_readable(client, person):
    response = client.get(reverse("privacy:export_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Mes données sur Logis" in text
    assert "Votre demande de logement social" in text
    assert person.demand.numero_unique in text
    assert SensitiveRead.objects.filter(subject=person, purpose="export", what__contains="PDF").exists()


def test_a_wrong_password_deletes_nothing_and_says_what_to_do(client, person):
    response = client.post(reverse("privacy:delete_account"), {"password": "pas-le-bon", "confirm": "on"})
    assert response.status_code == 200
    assert "Ce mot de passe n'est pas celui de votre compte" in html.unescape(response.content.decode())
    assert Demand.objects.filter(owner=person).exists()
    person.refresh_from_db()
    assert person.is_active


def test_the_deletion_page_says_what_is_erased_and_what_the_law_keeps(client, person):
    page = html.unescape(client.get(reverse("privacy:delete_account")).content.decode())
    assert "Ce que la loi fait conserver, et pour combien de temps" in page
    assert "conservé un an" in page  # the access log
    assert "signés « Compte supprimé »" in page  # the forum


def test_an_application_in_progress_is_announced_then_withdrawn(client, person):
    application = ApplicationFactory(demand=person.demand)
    page = html.unescape(client.get(reverse("privacy:delete_account")).content.decode())
    assert "Votre candidature en cours sera retirée : le bailleur en sera informé" in page

    client.post(reverse("privacy:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert not Application.objects.filter(pk=application.pk).exists() or (
        Application.objects.get(pk=application.pk).state == "withdrawn"
    )


def test_deleting_the_account_erases_and_anonymises(client, person, mailoutbox, django_capture_on_commit_callbacks):
    email = person.email
    post = PostFactory(thread=ThreadFactory(author=person))
    ticket = Ticket.objects.create(number="T-1", subject="other", name="Sophie Lambert", email=email, user=person)
    mine = TicketMessage.objects.create(ticket=ticket, body="Mon adresse est 3 rue des Lilas.", author=person)
    answer = TicketMessage.objects.create(ticket=ticket, body="Bien reçu.", from_team=True)
    reader = MembershipFactory().user
    record_read(reader, subject=person, what="Demande", purpose="support", role="staff")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.first_name, person.last_name, person.is_active) == ("Compte supprimé", "", False)
    assert email not in person.email
    assert not person.has_usable_password()
    assert not Demand.objects.filter(owner=person).exists()
    assert Post.objects.get(pk=post.pk).author == person  # the post stays, signed « Compte supprimé »
    ticket.refresh_from_db()
    assert (ticket.name, ticket.user) == ("Compte supprimé", None)
    assert TicketMessage.objects.get(pk=mine.pk).body == "Message effacé à la suppression du compte."
    assert TicketMessage.objects.get(pk=answer.pk).body == "Bien reçu."
    assert set(SensitiveRead.objects.filter(subject_id=person.pk).values_list("subject_label", flat=True)) == {
        "Compte supprimé"
    }
    assert [message.to for message in mailoutbox] == [[email]]
    assert "Votre compte Logis est supprimé" in mailoutbox[0].subject
    # Signed out: the next page asks to sign in.
    assert client.get(reverse("privacy:my_data")).status_code == 302


def test_an_application_examined_in_commission_keeps_the_demand_emptied(person):
    """The commission's record of an application cannot leave with it: the demand stays, emptied of the person."""
    item = AgendaItemFactory(application__demand=person.demand, application__state="refused")
    demand = person.demand

    account_delete(user=person, by=person)

    demand.refresh_from_db()
    assert demand.max_rent is None or demand.max_rent == 0
    assert demand.snapshot in ({}, None, [])
    assert demand.numero_unique.startswith("X")
    assert Application.objects.filter(pk=item.application_id).exists()


def test_inactive_accounts_are_warned_then_deleted(settings, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    idle = UserFactory(email="idle@exemple.fr")
    back = UserFactory(email="back@exemple.fr")
    active = UserFactory(email="active@exemple.fr")
    User.objects.filter(pk__in=[idle.pk, back.pk]).update(last_login=now - dt.timedelta(days=800))
    User.objects.filter(pk=active.pk).update(last_login=now - dt.timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        assert inactive_accounts_purge(now=now) == (2, 0)
        assert inactive_accounts_purge(now=now + dt.timedelta(days=1)) == (0, 0)  # warned once
    assert sorted(m.to[0] for m in mailoutbox) == ["back@exemple.fr", "idle@exemple.fr"]
    assert "sera supprimé" in mailoutbox[0].subject

    User.objects.filter(pk=back.pk).update(last_login=now + dt.timedelta(days=2))  # came back after the warning
    with django_capture_on_commit_callbacks(execute=True):
        assert inactive_accounts_purge(now=now + dt.timedelta(days=31)) == (0, 1)
    idle.refresh_from_db()
    back.refresh_from_db()
    assert (idle.is_active, back.is_active) == (False, True)
    assert idle.first_name == "Compte supprimé"


def test_ended_demands_are_erased_after_a_year_unless_an_application_is_in_progress():
    today = timezone.localdate()
    ended = DemandFactory(expires_on=today - dt.timedelta(days=400))
    busy = DemandFactory(expires_on=today - dt.timedelta(days=400))
    ApplicationFactory(demand=busy)
    recent = DemandFactory(expires_on=today - dt.timedelta(days=30))

    assert ended_demands_purge() == 1
    assert not Demand.objects.filter(pk=ended.pk).exists()
    assert Demand.objects.filter(pk__in=[busy.pk, recent.pk]).count() == 2
    assert User.objects.filter(pk=ended.owner_id, is_active=True).exists()  # the account stays
    assert ended_demands_purge() == 0
