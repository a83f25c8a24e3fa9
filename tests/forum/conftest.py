import pytest
from django.core.cache import cache

from logis.forum.categories import categories_ensure
from logis.forum.models import Category
from logis.organizations.models import Membership, Organization
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.forum.factories import PostFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Posting limits and allauth's rate limits live in the cache: one budget per test."""
    cache.clear()
    yield
    cache.clear()


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
    return MembershipFactory(
        organization=operator,
        role=Membership.Role.MODERATOR,
        user__email="moderation@logis.example",
        user__first_name="Mona",
        user__last_name="Derain",
    ).user


@pytest.fixture
def team_member(operator):
    return MembershipFactory(
        organization=operator,
        role=Membership.Role.ADVISOR,
        user__email="conseil@logis.example",
        user__first_name="Paul",
        user__last_name="Conseil",
    ).user


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
