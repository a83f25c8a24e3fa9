"""The transition table, exhaustively: every transition allowed and refused per role, every state reachable."""

import itertools
import re
from collections import deque

import pytest

from logis.applications import reasons, workflow
from logis.applications.models import TransitionLog
from logis.applications.services import application_transition
from logis.applications.workflow import (
    ACTIVE_STATES,
    PRIVATE_STATES,
    STATE_LABELS,
    TERMINAL_STATES,
    TRANSITIONS,
    Channel,
    Role,
    State,
    TransitionNotAllowed,
)
from logis.organizations.models import Membership
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, UserFactory


@pytest.mark.parametrize(
    ("transition", "state", "role"),
    list(itertools.product(TRANSITIONS, State, Role)),
    ids=lambda value: getattr(value, "name", None) or str(value),
)
def test_the_table_allows_exactly_its_sources_and_roles(transition, state, role):
    channel = Channel.SOCIAL if Channel.SOCIAL in transition.channels else Channel.PRIVATE
    if state in transition.sources and role in transition.roles:
        assert workflow.check(transition.name, state, role, channel) is transition
    else:
        # The reason given is the right one: the step first, then the role.
        if state not in transition.sources:
            reason = (
                f"Action « {transition.label} » impossible : la candidature est à l'étape « {STATE_LABELS[state]} »"
            )
        else:
            reason = f"Vous n'avez pas le droit d'effectuer l'action « {transition.label} »"
        with pytest.raises(TransitionNotAllowed, match=re.escape(reason)):
            workflow.check(transition.name, state, role, channel)


@pytest.mark.parametrize("transition", TRANSITIONS, ids=lambda t: t.name)
def test_a_transition_is_refused_on_a_channel_where_it_does_not_apply(transition):
    for channel in set(Channel) - transition.channels:
        with pytest.raises(TransitionNotAllowed, match="ne s'applique pas"):
            workflow.check(transition.name, sorted(transition.sources)[0], sorted(transition.roles)[0], channel)


def test_every_state_is_reachable_from_submitted():
    seen, queue = {State.SUBMITTED}, deque([State.SUBMITTED])
    while queue:
        state = queue.popleft()
        for transition in TRANSITIONS:
            if state in transition.sources and transition.target not in seen:
                seen.add(transition.target)
                queue.append(transition.target)
    assert seen == set(State)


@pytest.mark.parametrize("state", sorted(ACTIVE_STATES))
def test_every_state_in_progress_has_an_exit_to_another_state(state):
    assert any(state in t.sources and t.target != state for t in TRANSITIONS)


@pytest.mark.parametrize("state", sorted(TERMINAL_STATES))
def test_a_final_state_has_no_exit(state):
    assert not [t.name for t in TRANSITIONS if state in t.sources]


def test_every_state_is_either_in_progress_or_final():
    assert set(State) == ACTIVE_STATES | TERMINAL_STATES
    assert not ACTIVE_STATES & TERMINAL_STATES


def test_the_system_role_is_only_for_the_platforms_own_jobs():
    system_only = {t.name for t in TRANSITIONS if Role.SYSTEM in t.roles}
    assert {"expire", "lapse", "make_offer"} <= system_only
    assert "accept" not in system_only


def _actor(role, application):
    landlord = application.offer.landlord
    if role == Role.APPLICANT:
        return application.demand.owner
    if role == Role.LANDLORD_AGENT:
        return MembershipFactory(organization=landlord, role=Membership.Role.AGENT).user
    if role == Role.COMMISSION:
        return MembershipFactory(organization=landlord, role=Membership.Role.COMMISSION).user
    if role == Role.STAFF:
        return UserFactory(is_staff=True, kind="staff")
    return None  # system: no person


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("transition", "role"),
    list(itertools.product(TRANSITIONS, Role)),
    ids=lambda value: getattr(value, "name", None) or str(value),
)
def test_the_service_applies_a_transition_only_for_its_roles(transition, role):
    source = sorted(transition.sources)[0]
    # On an offer of a channel where the transition applies (a private letting for `propose`).
    private = Channel.SOCIAL not in transition.channels
    application = ApplicationFactory(offer=OfferFactory(private=private), state=source.value)
    actor = _actor(role, application)
    call = {"application": application, "name": transition.name, "by": actor, "role": role, "comment": "Motif"}
    if transition.needs_reason_category:
        call["reason_category"] = reasons.choices_for(transition.name)[0][0]
    if role in transition.roles:
        application_transition(**call)
        application.refresh_from_db()
        assert application.state == transition.target.value
        assert TransitionLog.objects.filter(application=application, transition=transition.name).exists()
    else:
        with pytest.raises(TransitionNotAllowed, match="Vous n'avez pas le droit d'effectuer l'action"):
            application_transition(**call)
        application.refresh_from_db()
        assert application.state == source.value
        assert not TransitionLog.objects.filter(application=application).exists()


@pytest.mark.django_db
def test_a_person_cannot_act_as_the_system(demand, offer):
    application = ApplicationFactory(demand=demand, offer=offer, state="offer_made")
    with pytest.raises(TransitionNotAllowed, match="est réservée à la plateforme"):
        application_transition(application=application, name="expire", by=demand.owner, role=Role.SYSTEM)


@pytest.mark.django_db
def test_nobody_acts_without_a_person_unless_as_the_system(demand, offer):
    application = ApplicationFactory(demand=demand, offer=offer, state="submitted")
    with pytest.raises(
        TransitionNotAllowed,
        match=r"Vous n\'avez pas le droit d\'effectuer l\'action « Valider le dossier \(pré-sélection\) »",
    ):
        application_transition(application=application, name="validate", by=None, role=Role.LANDLORD_AGENT)


def test_a_private_letting_goes_through_its_own_states_only():
    """No CALEOL for a private letting (issue #19): its transitions start and end in the private states."""
    private = [t for t in TRANSITIONS if Channel.PRIVATE in t.channels]
    assert {t.name for t in private} >= {"propose", "accept", "refuse", "schedule_visit", "sign_lease", "withdraw"}
    assert not {t.name for t in private} & {"validate", "schedule", "attribute", "rank", "make_offer"}
    for transition in private:
        assert transition.target in PRIVATE_STATES, transition.name
        assert transition.sources & PRIVATE_STATES, transition.name
