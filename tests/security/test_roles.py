"""One vocabulary of roles: the staff role belongs to the Logis team only, never to a mere ``is_staff``."""

import pytest

from logis.applications.perms import application_roles
from logis.applications.services import TransitionNotAllowed, application_transition
from logis.organizations.roles import Role, is_logis_team, is_professional
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offer_made_at_landlord_b():
    return ApplicationFactory(offer=OfferFactory(), state="offer_made")


def test_an_agent_of_landlord_a_cannot_expire_an_application_of_landlord_b(offer_made_at_landlord_b):
    """The probe of issue #12: landlord agents have is_staff (offers admin), which gave them the staff role."""
    application = offer_made_at_landlord_b
    agent_a = MembershipFactory(organization=OfferFactory().landlord).user
    agent_a.is_staff = True
    agent_a.save(update_fields=["is_staff"])

    assert Role.STAFF not in application_roles(user=agent_a, application=application)
    with pytest.raises(TransitionNotAllowed, match="pas le droit"):
        application_transition(application=application, name="expire", by=agent_a, role=Role.STAFF)

    application.refresh_from_db()
    assert application.state == "offer_made"


def test_a_member_of_the_logis_team_may_note_the_expiry(offer_made_at_landlord_b):
    team = UserFactory(kind="staff", is_staff=True)

    application_transition(application=offer_made_at_landlord_b, name="expire", by=team, role=Role.STAFF)

    offer_made_at_landlord_b.refresh_from_db()
    assert offer_made_at_landlord_b.state == "expired"


@pytest.mark.parametrize(
    ("fields", "team", "professional"),
    [
        ({"kind": "applicant"}, False, False),
        ({"kind": "applicant", "is_staff": True}, False, False),
        ({"kind": "professional", "is_staff": True}, False, True),
        ({"kind": "staff"}, True, True),
        ({"kind": "professional", "is_superuser": True}, True, True),
    ],
)
def test_the_logis_team_is_the_kind_staff_or_a_superuser(fields, team, professional):
    user = UserFactory(**fields)
    assert is_logis_team(user) is team
    assert is_professional(user) is professional


def test_an_anonymous_visitor_holds_no_role(rf):
    from django.contrib.auth.models import AnonymousUser

    assert not is_logis_team(AnonymousUser())
    assert not is_professional(AnonymousUser())
