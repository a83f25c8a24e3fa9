"""The signed-in menu reaches « Mes aides », « Déménagement » and, for advisors, the aid requests' queue (issue
#16), from the keyboard on a desktop and by touch on a phone, without the menu scrolling sideways."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from logis.organizations.models import Membership, Organization
from tests.browser.conftest import new_context
from tests.factories import DemandFactory, MembershipFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    contexts = []

    def open_as(user, *, phone: bool = False):
        client = Client()
        client.force_login(user)
        context = new_context(browser, live_server, phone=phone)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


def test_an_applicant_opens_mes_aides_then_demenagement_from_the_keyboard(signed_in):
    applicant = DemandFactory(with_information=True).owner
    page = signed_in(applicant)
    page.goto("/candidatures/")
    menu = page.get_by_role("navigation", name="Navigation principale")
    services = menu.locator("summary", has_text="Aides et services")
    expect(menu.get_by_role("link", name="Mes aides")).to_be_hidden()  # folded until asked for
    services.focus()
    page.keyboard.press("Enter")
    expect(menu.get_by_role("link", name="Mes aides")).to_be_visible()
    page.keyboard.press("Escape")  # closes it, the focus back on its summary
    expect(menu.get_by_role("link", name="Mes aides")).to_be_hidden()
    expect(services).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link", name="Mes aides")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/aides/mes-aides/$"))
    menu.locator("summary", has_text="Aides et services").click()
    expect(menu.get_by_role("link", name="Mes aides")).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name="Déménagement").click()
    page.wait_for_url(re.compile(r"/demenagement/$"))


def test_on_a_phone_the_folded_menu_reaches_mes_aides(signed_in):
    applicant = DemandFactory(with_information=True).owner
    page = signed_in(applicant, phone=True)
    page.goto("/")
    page.get_by_role("button", name="Ouvrir le menu").click()
    menu = page.get_by_role("navigation", name="Navigation principale")
    menu.locator("summary", has_text="Aides et services").click()
    menu.get_by_role("link", name="Mes aides").click()
    page.wait_for_url(re.compile(r"/aides/mes-aides/$"))


def test_an_advisor_reaches_the_aid_requests_queue_and_the_moving_guide(signed_in):
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    advisor = MembershipFactory(organization=operator, role=Membership.Role.ADVISOR).user
    page = signed_in(advisor)
    page.goto("/")
    menu = page.get_by_role("navigation", name="Navigation principale")
    menu.get_by_role("link", name="Demandes d'aides").click()
    page.wait_for_url(re.compile(r"/conseiller/aides/$"))
    menu.locator("summary", has_text="Plus").click()
    menu.get_by_role("link", name="Déménagement").click()
    page.wait_for_url(re.compile(r"/demenagement/$"))
    page = signed_in(advisor, phone=True)
    page.goto("/")
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Demandes d'aides").click()
    page.wait_for_url(re.compile(r"/conseiller/aides/$"))
