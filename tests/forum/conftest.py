import pytest

from logis.forum.categories import categories_ensure
from logis.forum.models import Category
from logis.organizations.models import Membership, Organization
from tests.factories import OrganizationFactory, UserFactory, logis_team_member
from tests.forum.factories import PostFactory


@pytest.fixture(autouse=True)
def _categories(request):
    """The categories come from a data migration; a transactional test elsewhere may have flushed them."""
    if request.node.get_closest_marker("django_db"):
        categories_ensure(Category)


@pytest.fixture
def operator(db):
    return OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis — équipe")


@pytest.fixture
def moderator(operator):
    return logis_team_member(
        Membership.Role.MODERATOR,
        operator=operator,
        email="moderation@logis.example",
        first_name="Mona",
        last_name="Derain",
    )


@pytest.fixture
def team_member(operator):
    return logis_team_member(
        Membership.Role.ADVISOR,
        operator=operator,
        email="conseil@logis.example",
        first_name="Paul",
        last_name="Conseil",
    )


@pytest.fixture
def member(db):
    return UserFactory(email="karim@exemple.fr", first_name="Karim", last_name="Benali")


@pytest.fixture
def trusted_member(member, settings):
    """A member whose first posts were already published: they post without waiting."""
    for _ in range(settings.FORUM_PREMODERATED_POSTS):
        PostFactory(thread__author=member)
    return member


@pytest.fixture
def other_member(db):
    return UserFactory(email="lea@exemple.fr", first_name="Léa", last_name="Garnier")


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client
