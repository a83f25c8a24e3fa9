"""Social support: the request, the advisor's caseload (diagnosis, plan, contract, notes, closure), confidentiality
(never an employer nor a landlord, every read recorded and shown), reminders for steps past due."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from logis.audit.models import SensitiveRead
from logis.organizations.models import Membership
from logis.support import services
from logis.support.models import Contract, PlanStep, SupportCase
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

REQUEST = {
    "event": "job_loss",
    "account": "J'ai perdu mon emploi en mars, deux loyers sont en retard.",
    "consent": "on",
}


@pytest.fixture
def case(applicant):
    return services.case_request(applicant=applicant, event="rent", account="Deux loyers impayés.", consent=True)


@pytest.fixture
def followed(case, advisor):
    return services.case_take(case=case, by=advisor)


def _plan(case, advisor, *, days=10):
    services.case_diagnose(
        case=case,
        family="Seule avec deux enfants",
        work="Licenciée",
        housing="T3 social",
        budget="Reste à vivre bas",
        by=advisor,
    )
    return services.step_add(
        case=case,
        label="Déposer un dossier FSL",
        owner="applicant",
        partner="",
        by=advisor,
        due_on=timezone.localdate() + dt.timedelta(days=days),
    )


def test_an_applicant_asks_for_support_with_the_event_an_account_and_consent(
    client, applicant, django_capture_on_commit_callbacks
):
    client.force_login(applicant)
    page = client.get(reverse("support:request")).content.decode()
    assert "0805 16 00 75" in page
    for label in (
        "Difficulté à payer mon loyer",
        "Risque d&#x27;expulsion",
        "Séparation",
        "Perte d&#x27;emploi, chômage",
        "Sinistre dans mon logement",
    ):
        assert label in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("support:request"), REQUEST)
    assert response["Location"] == reverse("support:case")
    case = SupportCase.objects.get(applicant=applicant)
    assert case.event == "job_loss"
    assert case.consent_at is not None
    assert "ni à votre employeur ni à votre bailleur" in mail.outbox[-1].body


def test_without_consent_nothing_is_sent_and_the_account_is_kept(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("support:request"), {**REQUEST, "consent": ""})
    content = response.content.decode()
    assert "Sans votre accord, le conseiller ne peut pas lire votre demande" in content.replace("&#x27;", "'")
    assert "deux loyers sont en retard" in content
    assert not SupportCase.objects.exists()


def test_a_double_request_makes_one_case(client, applicant):
    client.force_login(applicant)
    client.post(reverse("support:request"), REQUEST)
    client.post(reverse("support:request"), REQUEST)
    assert SupportCase.objects.filter(applicant=applicant).count() == 1
    assert services.case_request(applicant=applicant, event="rent", account="Encore une fois", consent=True).event == (
        "job_loss"
    )


def test_only_applicants_ask_and_only_advisors_see_the_caseload(client, case, advisor):
    hr = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.HR).user
    agent = MembershipFactory(organization=OrganizationFactory(landlord=True), role=Membership.Role.AGENT).user
    for user in (hr, agent):
        client.force_login(user)
        assert client.get(reverse("support:request")).status_code == 404
        assert client.get(reverse("support_advisors:caseload")).status_code == 404
        assert client.get(reverse("support_advisors:case", args=[case.pk])).status_code == 404
    client.force_login(case.applicant)
    assert client.get(reverse("support_advisors:case", args=[case.pk])).status_code == 404
    client.force_login(advisor)
    assert case.applicant.get_full_name() in client.get(reverse("support_advisors:caseload")).content.decode()


def test_a_case_taken_by_an_advisor_is_hidden_from_the_others(client, followed, other_advisor):
    client.force_login(other_advisor)
    assert client.get(reverse("support_advisors:case", args=[followed.pk])).status_code == 404
    with pytest.raises(services.SupportError, match="autre conseiller"):
        services.note_add(case=followed, body="Je regarde quand même", by=other_advisor)


def test_the_advisor_diagnoses_plans_contracts_notes_and_closes(
    client, followed, advisor, django_capture_on_commit_callbacks
):
    client.force_login(advisor)
    url = reverse("support_advisors:case", args=[followed.pk])
    client.post(url, {"action": "diagnosis", "family": "Seule avec deux enfants", "budget": "Reste à vivre 180 €"})
    response = client.post(url, {"action": "contract"})
    assert response.status_code == 400
    assert not Contract.objects.exists()  # no plan yet: refused with its reason
    assert "faites d&#x27;abord l&#x27;un et l&#x27;autre" in response.content.decode()
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"action": "step", "step-label": "Dossier FSL", "step-owner": "applicant", "step-due_on": past}
    )
    assert "La date prévue ne peut pas être passée." in response.content.decode()
    response = client.post(
        url,
        {
            "action": "step",
            "step-label": "Médiation",
            "step-owner": "partner",
            "step-due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert "Nommez le partenaire" in response.content.decode()
    soon = (timezone.localdate() + dt.timedelta(days=15)).isoformat()
    client.post(
        url, {"action": "step", "step-label": "Déposer un dossier FSL", "step-owner": "applicant", "step-due_on": soon}
    )
    client.post(
        url,
        {
            "action": "step",
            "step-label": "Plan d'apurement avec le bailleur",
            "step-owner": "partner",
            "step-partner": "ADIL du Rhône",
            "step-due_on": soon,
        },
    )
    assert followed.steps.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "contract"})
    contract = Contract.objects.get(case=followed)
    assert [step["owner"] for step in contract.content["steps"]] == ["Vous", "ADIL du Rhône"]
    assert "contrat d'engagement réciproque" in mail.outbox[-1].body
    pdf = client.get(reverse("support_advisors:contract_pdf", args=[followed.pk, contract.pk]))
    assert pdf.content.startswith(b"%PDF-")
    client.post(url, {"action": "accept", "contract": contract.pk})
    client.post(url, {"action": "note", "note-body": "Appel du 12 : dossier FSL en cours."})
    assert followed.notes.get().body == "Appel du 12 : dossier FSL en cours."
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "close", "close-outcome": "resolved", "close-note": "Loyers repris."})
    followed.refresh_from_db()
    assert followed.status == SupportCase.Status.CLOSED
    assert followed.outcome == "resolved"
    assert "terminé" in mail.outbox[-1].subject


def test_the_contract_is_accepted_by_both_sides_and_a_new_plan_asks_again(client, followed, advisor):
    _plan(followed, advisor)
    first = services.contract_generate(case=followed, by=advisor)
    client.force_login(followed.applicant)
    page = client.get(reverse("support:case")).content.decode()
    assert "J'accepte le contrat" in page
    client.post(reverse("support:accept", args=[first.pk]), {})
    first.refresh_from_db()
    assert first.applicant_accepted_at is None  # the box "J'ai lu" was not ticked
    client.post(reverse("support:accept", args=[first.pk]), {"read": "on"})
    services.contract_accept(contract=first, by=advisor)
    first.refresh_from_db()
    assert first.is_signed
    assert client.get(reverse("support:contract_pdf", args=[first.pk])).content.startswith(b"%PDF-")
    second = services.contract_generate(case=followed, by=advisor)
    with pytest.raises(services.SupportError, match="nouvelle version"):
        services.contract_accept(contract=first, by=followed.applicant)
    assert not second.is_signed


def test_the_applicant_ticks_their_own_steps_only(client, followed, advisor):
    mine = _plan(followed, advisor)
    theirs = services.step_add(
        case=followed,
        label="Saisir le FSL",
        owner="advisor",
        partner="",
        by=advisor,
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
    client.force_login(followed.applicant)
    client.post(reverse("support:step_done", args=[mine.pk]))
    client.post(reverse("support:step_done", args=[theirs.pk]))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.done_at is not None
    assert theirs.done_at is None


def test_every_read_by_an_advisor_is_recorded_and_shown_to_the_applicant(client, followed, advisor):
    client.force_login(advisor)
    client.get(reverse("support_advisors:case", args=[followed.pk]))
    reads = SensitiveRead.objects.filter(subject=followed.applicant, actor=advisor)
    assert reads.count() >= 1
    assert all(read.what.startswith("Accompagnement social") for read in reads)
    client.force_login(followed.applicant)
    page = client.get(reverse("support:case")).content.decode()
    assert "Qui a consulté mon dossier" in page
    assert "Élodie Garnier" in page


def test_late_steps_are_reminded_once_a_day(followed, advisor, django_capture_on_commit_callbacks):
    step = _plan(followed, advisor, days=2)
    later = timezone.localdate() + dt.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.steps_remind(today=later) == 1
        assert services.steps_remind(today=later) == 0
    recipients = sorted(message.to[0] for message in mail.outbox if "retard" in message.subject)
    assert recipients == [advisor.email, followed.applicant.email]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.steps_remind(today=later + dt.timedelta(days=1)) == 1
    PlanStep.objects.filter(pk=step.pk).update(done_at=timezone.now())
    assert services.steps_remind(today=later + dt.timedelta(days=2)) == 0


def test_the_reminder_command_is_safe_to_run_twice(followed, advisor, time_machine):
    from io import StringIO

    from django.core.management import call_command

    _plan(followed, advisor, days=1)
    time_machine.move_to(timezone.now() + dt.timedelta(days=3))
    out = StringIO()
    call_command("remind_support_steps", stdout=out)
    call_command("remind_support_steps", stdout=out)
    assert out.getvalue().splitlines() == ["1 étape en retard relancée.", "0 étape en retard relancée."]
