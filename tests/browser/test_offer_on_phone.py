"""The offer page on a phone (390 px): « Je postule » stays on screen while the page is read, in a bar at the
bottom, and applies from there; on a desktop the bar is not shown (the card beside the offer holds the action)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from logis.applications.models import Application
from tests.browser.conftest import new_context
from tests.factories import CommuneFactory, DemandFactory, OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offer_page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    lyon = CommuneFactory()
    demand = DemandFactory(with_information=True, workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    offer = OfferFactory(
        commune=lyon, typology="T2", rooms=2, bedrooms=1, description="Logement rénové, proche des transports. " * 40
    )
    contexts = []

    def open_on(*, phone: bool):
        client = Client()
        client.force_login(demand.owner)
        context = new_context(browser, live_server, phone=phone)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"/offres/{offer.pk}/")
        return page

    yield open_on
    for context in contexts:
        context.close()


def test_on_a_phone_mes_offres_shows_the_first_offer_without_scrolling(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    lyon = CommuneFactory()
    demand = DemandFactory(with_information=True, workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    for km in range(1, 6):
        OfferFactory(
            commune=lyon, typology="T2", rooms=2, bedrooms=1, title=f"T2 numéro {km}", lat=lyon.lat + km / 111
        )
    client = Client()
    client.force_login(demand.owner)
    context = new_context(browser, live_server, phone=True)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/offres/")
    first = page.locator(".card-offer").first
    expect(first).to_be_visible()
    assert in_viewport(page, first.get_by_role("link", name="T2 numéro 1"))
    assert in_viewport(page, first.locator(".price"))
    # The explanations of the list are one tap away.
    page.get_by_text("comment elles sont choisies").click()
    expect(page.get_by_role("heading", name="Offres adaptées à votre demande")).to_be_visible()
    context.close()


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_on_a_phone_je_postule_stays_on_screen_while_reading_and_applies(offer_page):
    page = offer_page(phone=True)
    bar = page.get_by_role("region", name=re.compile("Postuler"))
    button = bar.get_by_role("button", name="Je postule")
    expect(button).to_be_visible()
    assert in_viewport(page, button)  # at the top of the page, without scrolling
    page.get_by_role("heading", name="Description").scroll_into_view_if_needed()
    page.mouse.wheel(0, 600)
    assert in_viewport(page, button)  # and while the description is read
    expect(bar).to_contain_text("par mois")
    button.click()
    page.wait_for_url(re.compile(r"/candidatures/"))
    assert Application.objects.count() == 1


def test_on_a_desktop_the_action_is_in_the_card_beside_the_offer(offer_page):
    page = offer_page(phone=False)
    expect(page.get_by_role("region", name=re.compile("Postuler"))).to_have_count(0)
    expect(page.get_by_role("button", name="Je postule")).to_have_count(1)
