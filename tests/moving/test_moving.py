"""The moving guide: started by anyone signed in, created when a lease is signed in Logis, ticked, reminded once."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from logis.applications.services import application_transition
from logis.applications.workflow import Role, State
from logis.moving.models import MovingPlan, MovingTask
from logis.moving.services import moving_plan_save, moving_reminders_send
from logis.organizations.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_starts_a_checklist_and_bad_dates_are_refused_in_french(client):
    user = UserFactory()
    client.force_login(user)
    assert "Créer ma liste de déménagement" in client.get(reverse("moving:checklist")).content.decode()
    bad = client.post(reverse("moving:checklist"), {"moving_date": "31/02/2027", "lease_kind": "empty"})
    assert bad.status_code == 400
    assert "Indiquez une date valide" in bad.content.decode()
    day = timezone.localdate() + dt.timedelta(days=40)
    response = client.post(
        reverse("moving:checklist"),
        {"moving_date": day.isoformat(), "lease_kind": "furnished", "children": "on", "reminders": "on"},
    )
    assert response.status_code == 302
    plan = MovingPlan.objects.get(owner=user)
    assert plan.tasks.filter(code="school").exists()
    html = client.get(reverse("moving:checklist")).content.decode()
    assert "Préavis réduit à 1 mois : location meublée." in html
    assert "Donner congé à votre bailleur" in html


def test_a_ticked_task_stays_ticked_when_the_date_changes_and_others_cannot_tick_it(client):
    user = UserFactory()
    plan = moving_plan_save(owner=user, moving_date=timezone.localdate() + dt.timedelta(days=60), lease_kind="empty")
    task = plan.tasks.get(code="mover")
    client.force_login(user)
    client.post(reverse("moving:task_toggle", args=[task.pk]), {"done": "1"})
    assert MovingTask.objects.get(pk=task.pk).done_at is not None
    moving_plan_save(owner=user, moving_date=timezone.localdate() + dt.timedelta(days=90), lease_kind="empty")
    moved = MovingTask.objects.get(plan=plan, code="mover")
    assert moved.done_at is not None
    assert moved.due_on == timezone.localdate() + dt.timedelta(days=45)
    client.force_login(UserFactory())
    assert client.post(reverse("moving:task_toggle", args=[task.pk]), {"done": "0"}).status_code == 404


def test_reminders_go_once_per_task_and_list_what_is_due(django_capture_on_commit_callbacks):
    user = UserFactory(email="noe@exemple.fr", first_name="Noé")
    moving_plan_save(owner=user, moving_date=timezone.localdate() + dt.timedelta(days=12), lease_kind="empty")
    with django_capture_on_commit_callbacks(execute=True):
        assert moving_reminders_send() == 1
    message = mail.outbox[-1]
    assert message.to == ["noe@exemple.fr"]
    assert "Faire suivre votre courrier" in message.body
    assert "(en retard)" in message.body  # the notice letter was due three months before
    with django_capture_on_commit_callbacks(execute=True):
        assert moving_reminders_send() == 0
    out = StringIO()
    call_command("send_moving_reminders", stdout=out)
    assert "0 rappel envoyé" in out.getvalue()


def test_no_reminder_when_the_person_turned_them_off():
    user = UserFactory()
    moving_plan_save(
        owner=user, moving_date=timezone.localdate() + dt.timedelta(days=3), lease_kind="empty", reminders=False
    )
    assert moving_reminders_send() == 0


def test_signing_the_lease_in_logis_opens_the_checklist(django_capture_on_commit_callbacks):
    application = ApplicationFactory(state=State.VISIT_SCHEDULED)
    agent = application.offer.landlord
    user = MembershipFactory(organization=agent, role=Membership.Role.AGENT).user
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application, name="sign_lease", by=user, role=Role.LANDLORD_AGENT, comment="Bail signé."
        )
    plan = MovingPlan.objects.get(owner=application.demand.owner)
    assert plan.origin == MovingPlan.Origin.LEASE
    assert plan.application == application
    assert plan.moving_date >= timezone.localdate()
    assert plan.tasks.exists()
