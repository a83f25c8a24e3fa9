"""Administration of accounts (e-mail users) and of organisations and their members."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from logis.organizations.models import Membership
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

User = get_user_model()

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(email="admin@logis.example", is_staff=True, is_superuser=True))
    return client


def test_user_list_searches_by_email_and_name(admin_client):
    UserFactory(email="camille@exemple.fr", first_name="Camille", last_name="Martin")
    UserFactory(email="dominique@exemple.fr", first_name="Dominique", last_name="Durand")

    by_email = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "camille@"})
    by_name = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "Durand"})

    assert [user.email for user in by_email.context["cl"].result_list] == ["camille@exemple.fr"]
    assert [user.email for user in by_name.context["cl"].result_list] == ["dominique@exemple.fr"]


def test_user_list_filters_by_kind(admin_client):
    MembershipFactory(user__email="agent@bailleur.fr")

    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"kind__exact": "professional"})

    assert [user.email for user in response.context["cl"].result_list] == ["agent@bailleur.fr"]


def test_admin_creates_a_user_with_an_email_and_no_username(admin_client):
    add_url = reverse("admin:accounts_user_add")
    assert "username" not in admin_client.get(add_url).context["adminform"].form.fields

    response = admin_client.post(
        add_url,
        {
            "email": "nouveau@exemple.fr",
            "first_name": "Alex",
            "last_name": "Petit",
            "kind": "professional",
            "usable_password": "false",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="nouveau@exemple.fr")
    assert user.kind == User.Kind.PROFESSIONAL
    assert not user.has_usable_password()


# Django's own read_only_password_hash.html reads an optional {{ password_url|default:... }}.
@pytest.mark.ignore_template_errors
def test_user_change_page_shows_memberships(admin_client):
    membership = MembershipFactory()

    response = admin_client.get(reverse("admin:accounts_user_change", args=[membership.user.pk]))

    assert response.status_code == 200
    assert membership.organization.name in response.content.decode()


def test_organization_list_searches_by_name_and_siret_and_filters_by_kind(admin_client):
    landlord = OrganizationFactory(landlord=True, name="Habitat Rhône")
    employer = OrganizationFactory(name="Boulangerie Dupont")
    changelist = reverse("admin:organizations_organization_changelist")

    by_name = admin_client.get(changelist, {"q": "Rhône"})
    by_siret = admin_client.get(changelist, {"q": employer.siret})
    landlords = admin_client.get(changelist, {"kind__exact": "landlord"})

    assert list(by_name.context["cl"].result_list) == [landlord]
    assert list(by_siret.context["cl"].result_list) == [employer]
    assert list(landlords.context["cl"].result_list) == [landlord]
    assert admin_client.get(reverse("admin:organizations_organization_change", args=[landlord.pk])).status_code == 200


def test_membership_list_searches_by_member_and_filters_by_role(admin_client):
    agent = MembershipFactory(user__email="agent@bailleur.fr", role=Membership.Role.AGENT)
    MembershipFactory(user__email="rh@entreprise.fr", role=Membership.Role.HR)
    changelist = reverse("admin:organizations_membership_changelist")

    by_email = admin_client.get(changelist, {"q": "agent@"})
    agents = admin_client.get(changelist, {"role__exact": "agent"})

    assert list(by_email.context["cl"].result_list) == [agent]
    assert list(agents.context["cl"].result_list) == [agent]
    assert admin_client.get(reverse("admin:organizations_membership_add")).status_code == 200
