import pytest

from logis.accounts.models import User
from logis.applications.models import Application
from tests.factories import ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_landlord_agent_with_admin_access_sees_only_their_landlords_applications():
    membership = MembershipFactory()
    agent = membership.user
    agent.is_staff = True  # agents use the offers admin
    agent.save()
    own = ApplicationFactory(offer__landlord=membership.organization)
    ApplicationFactory()  # another landlord's offer

    assert list(Application.objects.visible_to(agent)) == [own]


def test_the_logis_team_sees_every_application():
    ApplicationFactory.create_batch(2)
    team = UserFactory(kind=User.Kind.STAFF, is_staff=True)

    assert Application.objects.visible_to(team).count() == 2


def test_an_applicant_sees_only_their_own_applications():
    mine = ApplicationFactory()
    ApplicationFactory()

    assert list(Application.objects.visible_to(mine.demand.owner)) == [mine]
