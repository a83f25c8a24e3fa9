"""The main menu of every page (logis.core.templatetags.navigation): rendered once per process for each situation,
it still marks the page shown and gives each person the menu of their roles."""

import re
from unittest import mock

import pytest
from django.urls import reverse

from logis.core.templatetags import navigation
from logis.organizations.models import Membership
from tests.factories import DemandFactory, MembershipFactory, OfferFactory, UserFactory

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return html[html.index('id="menu"') : html.index("</nav>")]


def _current(html: str) -> list[str]:
    """The labels of the menu's links marked as the page shown."""
    return re.findall(r'aria-current="page"\s+href="[^"]*">([^<]+)</a>', _menu(html))


def test_the_applicants_menu_marks_the_page_shown_and_no_other(client):
    demand = DemandFactory()
    client.force_login(demand.owner)
    offer = OfferFactory()
    for _round in range(2):  # the second round reads the cached menus
        assert _current(client.get(reverse("offers:list")).content.decode()) == ["Mes offres"]
        assert _current(client.get(reverse("applications:list")).content.decode()) == ["Mes candidatures"]
        assert _current(client.get(reverse("offers:detail", args=[offer.pk])).content.decode()) == []
        aids = client.get(reverse("aids:mine")).content.decode()
        assert _current(aids) == ["Mes aides"]
        assert 'class="nav-link active">\n        Aides et services' in _menu(aids)
    page = _menu(client.get(reverse("applications:list")).content.decode())
    assert (
        'class="nav-link active"\n         aria-current="page"\n         href="/candidatures/">Mes candidatures'
        in page
    )
    assert "Espace bailleur" not in page
    # The links around the menu, reversed once per process (fixed_url).
    assert f'<a class="nav-link" href="{reverse("notifications:index")}">' in page
    assert f'href="{reverse("privacy:my_data")}">' in page
    assert f'<form method="post" action="{reverse("account_logout")}">' in page


def test_each_professional_gets_the_menu_of_their_roles(client):
    agent = MembershipFactory(role=Membership.Role.AGENT).user
    member = MembershipFactory(role=Membership.Role.COMMISSION).user
    client.force_login(agent)
    page = _menu(client.get(reverse("notifications:index")).content.decode())
    assert "Espace bailleur" in page
    assert "Commission d'attribution" not in page
    assert "Administration" not in page
    client.force_login(member)
    page = _menu(client.get(reverse("notifications:index")).content.decode())
    assert "Commission d'attribution" in page
    assert "Espace bailleur" not in page
    client.logout()
    page = _menu(client.get(reverse("eligibility:ceilings")).content.decode())
    assert "Créer mon compte" in page
    assert "Commission d'attribution" not in page


def test_the_menu_is_rendered_once_per_situation_not_per_page(client):
    client.force_login(UserFactory())
    with mock.patch.object(navigation, "render_to_string", wraps=navigation.render_to_string) as rendered:
        for _ in range(3):
            client.get(reverse("offers:list"))
            client.get(reverse("notifications:index"))
    assert rendered.call_count == 2  # the page « Mes offres » marked, and a page of none of its links
