"""One service applies every transition, following the table of logis/applications/workflow.py."""

import pytest
from django.template.loader import get_template

from logis.applications import workflow
from logis.applications.models import TransitionLog
from logis.applications.perms import application_role, application_roles
from logis.applications.services import application_transition
from logis.applications.workflow import Role, State, TransitionNotAllowed
from logis.notifications.email import render_email
from logis.organizations.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(demand, offer):
    return ApplicationFactory(demand=demand, offer=offer)


def test_the_table_lets_the_applicant_withdraw_and_not_the_landlord_agent():
    assert workflow.check("withdraw", State.SUBMITTED, Role.APPLICANT).target == State.WITHDRAWN
    with pytest.raises(
        TransitionNotAllowed, match="Vous n'avez pas le droit d'effectuer l'action « Retirer ma candidature »"
    ):
        workflow.check("withdraw", State.SUBMITTED, Role.LANDLORD_AGENT)


def test_the_table_lets_the_landlord_agent_validate_and_not_the_applicant():
    assert workflow.check("validate", State.SUBMITTED, Role.LANDLORD_AGENT).target == State.VALIDATED
    with pytest.raises(
        TransitionNotAllowed,
        match=r"Vous n\'avez pas le droit d\'effectuer l\'action « Valider le dossier \(pré-sélection\) »",
    ):
        workflow.check("validate", State.SUBMITTED, Role.APPLICANT)


def test_withdraw_by_the_applicant_writes_the_state_and_the_history(
    application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=application,
            name="withdraw",
            by=application.demand.owner,
            role=Role.APPLICANT,
            comment="  J'ai trouvé un logement.  ",
        )

    application.refresh_from_db()
    assert application.state == "withdrawn"
    log = TransitionLog.objects.get(application=application)
    assert (log.transition, log.from_state, log.to_state) == ("withdraw", "submitted", "withdrawn")
    assert log.by == application.demand.owner
    assert log.comment == "J'ai trouvé un logement."
    assert mailoutbox[-1].to == [application.demand.owner.email]
    assert "retirée" in mailoutbox[-1].subject


def test_the_caller_instance_shows_the_new_state(application):
    application_transition(application=application, name="withdraw", by=application.demand.owner, role="applicant")
    assert application.state == "withdrawn"


def test_withdraw_by_a_landlord_agent_is_refused(application, agent):
    with pytest.raises(TransitionNotAllowed) as error:
        application_transition(application=application, name="withdraw", by=agent, role=Role.LANDLORD_AGENT)
    assert "Vous n'avez pas le droit" in error.value.message
    application.refresh_from_db()
    assert application.state == "submitted"
    assert not TransitionLog.objects.exists()


def test_claiming_a_role_one_does_not_hold_is_refused(application, agent):
    with pytest.raises(
        TransitionNotAllowed, match="Vous n'avez pas le droit d'effectuer l'action « Retirer ma candidature »"
    ):
        application_transition(application=application, name="withdraw", by=agent, role=Role.APPLICANT)
    with pytest.raises(
        TransitionNotAllowed,
        match=r"Vous n\'avez pas le droit d\'effectuer l\'action « Valider le dossier \(pré-sélection\) »",
    ):
        application_transition(
            application=application, name="validate", by=application.demand.owner, role=Role.LANDLORD_AGENT
        )
    application.refresh_from_db()
    assert application.state == "submitted"


def test_agent_of_another_landlord_cannot_validate(application):
    stranger = MembershipFactory().user
    with pytest.raises(
        TransitionNotAllowed,
        match=r"Vous n\'avez pas le droit d\'effectuer l\'action « Valider le dossier \(pré-sélection\) »",
    ):
        application_transition(application=application, name="validate", by=stranger, role=Role.LANDLORD_AGENT)


def test_landlord_agent_validates_then_schedules(application, agent):
    application_transition(application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT)
    application_transition(application=application, name="schedule", by=agent, role=Role.LANDLORD_AGENT)
    application.refresh_from_db()
    assert application.state == "in_commission"
    assert list(TransitionLog.objects.values_list("to_state", flat=True)) == ["validated", "in_commission"]


def test_setting_aside_needs_a_reason(application, agent):
    with pytest.raises(TransitionNotAllowed) as error:
        application_transition(application=application, name="set_aside", by=agent, role=Role.LANDLORD_AGENT)
    assert "Expliquez" in error.value.message
    with pytest.raises(TransitionNotAllowed, match="Choisissez la catégorie du motif"):
        application_transition(
            application=application, name="set_aside", by=agent, role=Role.LANDLORD_AGENT, comment="Trop élevées"
        )
    with pytest.raises(TransitionNotAllowed, match="Choisissez la catégorie du motif"):  # not one of set_aside's
        application_transition(
            application=application,
            name="set_aside",
            by=agent,
            role=Role.LANDLORD_AGENT,
            comment="Trop élevées",
            reason_category="missing_piece_deadline",
        )
    application_transition(
        application=application,
        name="set_aside",
        by=agent,
        role=Role.LANDLORD_AGENT,
        comment="Ressources trop élevées",
        reason_category="income_over_ceiling",
    )
    application.refresh_from_db()
    assert application.state == "set_aside"
    assert application.transitions.get(to_state="set_aside").reason_category == "income_over_ceiling"


def test_a_transition_without_a_motive_refuses_a_category(application, agent):
    with pytest.raises(TransitionNotAllowed, match="ne prend pas de motif"):
        application_transition(
            application=application, name="validate", by=agent, role=Role.LANDLORD_AGENT, reason_category="other"
        )


def test_a_withdrawn_application_cannot_be_withdrawn_again(demand, offer):
    application = ApplicationFactory(demand=demand, offer=offer, state="withdrawn")
    with pytest.raises(TransitionNotAllowed) as error:
        application_transition(application=application, name="withdraw", by=demand.owner, role=Role.APPLICANT)
    assert "Candidature retirée" in error.value.message


def test_an_unknown_transition_is_refused(application):
    with pytest.raises(
        TransitionNotAllowed, match="impossible : la candidature est à l'étape « Candidature envoyée au bailleur »"
    ):
        application_transition(application=application, name="accept", by=application.demand.owner, role="applicant")


def test_roles_are_resolved_from_ownership_and_memberships(application, agent):
    landlord = application.offer.landlord
    assert application_roles(user=application.demand.owner, application=application) == {Role.APPLICANT}
    assert application_roles(user=agent, application=application) == {Role.LANDLORD_AGENT}
    assert application_role(user=agent, application=application) == Role.LANDLORD_AGENT
    commission = MembershipFactory(organization=landlord, role=Membership.Role.COMMISSION).user
    assert application_roles(user=commission, application=application) == {Role.COMMISSION}
    assert application_roles(user=UserFactory(), application=application) == set()
    assert application_roles(user=UserFactory(is_staff=True), application=application) == set()
    assert application_roles(user=UserFactory(kind="staff"), application=application) == {Role.STAFF}


def test_an_inactive_membership_gives_no_role(application):
    former = MembershipFactory(organization=application.offer.landlord, is_active=False).user
    assert application_roles(user=former, application=application) == set()
    assert application_role(user=former, application=application) is None


def test_agent_of_an_other_landlord_has_no_role(application):
    other = MembershipFactory(organization=OfferFactory().landlord).user
    assert application_roles(user=other, application=application) == set()


@pytest.mark.parametrize("state", list(State))
def test_every_state_has_its_e_mail(state, application):
    get_template(f"notifications/email/application_{state.value}_body.txt")
    subject, body = render_email(
        f"application_{state.value}",
        {"first_name": "Camille", "offer": application.offer, "commune": "Lyon", "state_label": "x"},
    )
    assert application.offer.title in subject
    assert "Bonjour Camille" in body
    assert "&#x27;" not in subject + body  # plain text, not HTML-escaped
