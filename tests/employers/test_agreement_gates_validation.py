"""The employer's agreement is a condition of the landlord's validation (issue #15, 1), said to the applicant on the
offer and in Mes candidatures; a discreet employee is never told that the employer was contacted (issue #15, 6)."""

import html
import re

import pytest
from django.urls import reverse

from logis.applications.services import application_transition
from logis.applications.workflow import Role, State, TransitionNotAllowed
from logis.employers.models import Agreement
from logis.employers.services import agreement_decide
from tests.employers.helpers import save_information
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def agent_of(db):
    def make(application):
        return MembershipFactory(organization=application.offer.landlord).user

    return make


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ({"agreement_pending": True}, "tant que l'accord employeur n'est pas donné"),
        ({"agreement_refused": True}, "l'accord employeur a été refusé"),
        ({"employer_agreement": "none"}, "tant que l'accord employeur n'est pas donné"),
    ],
)
def test_the_landlord_cannot_validate_before_the_agreement_is_given(situation, message, agent_of):
    application = ApplicationFactory(**situation)
    agent = agent_of(application)
    with pytest.raises(TransitionNotAllowed, match=message):
        application_transition(application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.transitions.filter(transition="validate").count() == 0


def test_once_an_advisor_gives_the_agreement_the_landlord_validates(agent_of, advisor):
    application = ApplicationFactory(agreement_pending=True, demand__inform_employer=False)
    agent = agent_of(application)
    agreement_decide(agreement=application.demand.agreement, given=True, reason="", by=advisor)
    application_transition(application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT)
    application.refresh_from_db()
    assert application.state == State.VALIDATED


def test_the_landlords_pages_say_the_agreement_is_awaited_and_offer_no_validate_button(client, agent_of):
    application = ApplicationFactory(agreement_pending=True)
    client.force_login(agent_of(application))
    ranking = client.get(reverse("landlords:offer_applicants", args=[application.offer.pk]))
    page = text(ranking)
    assert "Accord employeur : en attente de réponse" in page
    assert "Validation possible une fois l'accord employeur donné." in page
    assert reverse("landlords:application_act", args=[application.pk, "validate"]) not in ranking.content.decode()

    detail = client.get(reverse("landlords:application", args=[application.pk]))
    page = text(detail)
    assert "Accord employeur En attente de réponse" in page
    assert "Valider le dossier (pré-sélection) : pas encore possible" in page
    assert reverse("landlords:application_act", args=[application.pk, "validate"]) not in detail.content.decode()

    # A forged POST changes nothing and says why.
    response = client.post(reverse("landlords:application_act", args=[application.pk, "validate"]), follow=True)
    assert "tant que l'accord employeur n'est pas donné" in text(response)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED


def test_the_applicant_reads_the_condition_on_the_offer_and_in_mes_candidatures(client, employee_demand, hr):
    save_information(employee_demand, inform=True)
    application = ApplicationFactory(demand=employee_demand)
    client.force_login(employee_demand.owner)
    offer_page = text(client.get(reverse("offers:detail", args=[application.offer.pk])))
    assert "L'accord de votre employeur est en attente de réponse." in offer_page
    assert "le bailleur ne pourra valider votre dossier qu'une fois cet accord donné" in offer_page
    mine = text(client.get(reverse("applications:list")))
    assert "L'accord de votre employeur est en attente de réponse." in mine

    agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=hr)
    mine = text(client.get(reverse("applications:list")))
    assert "L'accord de votre employeur est donné : le bailleur peut valider votre dossier." in mine


def test_a_discreet_employee_reads_nothing_that_says_the_employer_was_contacted(
    client, employee_demand, advisor, django_capture_on_commit_callbacks, mailoutbox
):
    save_information(employee_demand, inform=False)
    application = ApplicationFactory(demand=employee_demand)
    client.force_login(employee_demand.owner)
    pending = text(client.get(reverse("applications:list")))
    assert "un conseiller Logis le traite, votre employeur n'est pas contacté" in pending
    assert "L'accord de votre employeur" not in pending

    with django_capture_on_commit_callbacks(execute=True):
        agreement_decide(agreement=employee_demand.agreement, given=True, reason="", by=advisor)
    message = mailoutbox[-1]
    assert message.subject == "[Logis] L'accord pour votre demande de logement est donné"
    assert "employeur est obtenu" not in message.subject
    assert "votre employeur n'a pas été contacté" in message.body
    for page in (
        text(client.get(reverse("applications:list"))),
        text(client.get(reverse("offers:detail", args=[application.offer.pk]))),
        text(client.get(reverse("home:dashboard"))),
    ):
        assert "accord de votre employeur" not in page.lower()
        assert "accord de mon employeur" not in page.lower()


def test_the_employers_agreement_e_mail_still_names_the_employer(
    employee_demand, hr, django_capture_on_commit_callbacks, mailoutbox
):
    save_information(employee_demand, inform=True)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_decide(agreement=Agreement.objects.get(demand=employee_demand), given=True, reason="", by=hr)
    assert mailoutbox[-1].subject == "[Logis] L'accord de votre employeur est obtenu"
