"""Photos in a real Chromium: the agent adds one with its alternative text; an applicant sees the cover in « Mes
offres » and goes through the gallery with the keyboard, on a desktop and on a phone (axe checks every page)."""

import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from logis.organizations.models import Membership
from logis.photos.models import OfferPhoto
from logis.photos.services import photo_add
from tests.browser.conftest import new_context
from tests.factories import CommuneFactory, DemandFactory, MembershipFactory, OfferFactory
from tests.photos.samples import picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_as(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    settings.LOGIS_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    contexts = []

    def open_page(user, *, phone=False):
        client = Client()
        client.force_login(user)
        context = new_context(browser, live_server, phone=phone)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def offer():
    lyon = CommuneFactory()
    return OfferFactory(commune=lyon, typology="T2", rooms=2, bedrooms=1, title="T2 avec balcon")


def test_the_agent_adds_a_photo_with_its_alternative_text(open_as, offer):
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    page = open_as(agent)
    page.goto(f"/bailleur/offres/{offer.pk}/photos/")
    page.get_by_role("button", name="Ajouter la photo").click()  # nothing chosen: the errors say what to do
    expect(page.get_by_role("alert")).to_contain_text("Choisissez une photo sur votre appareil")
    page.get_by_label("Photo (JPEG, PNG ou WebP)").set_input_files(
        {"name": "sejour.jpg", "mimeType": "image/jpeg", "buffer": picture("JPEG")}
    )
    page.get_by_label("Texte alternatif").fill("Séjour lumineux avec balcon")
    page.get_by_role("button", name="Ajouter la photo").click()
    expect(page.get_by_text("Photo ajoutée.")).to_be_visible()
    expect(page.get_by_role("img", name="Séjour lumineux avec balcon")).to_be_visible()
    assert OfferPhoto.objects.get().alt_text == "Séjour lumineux avec balcon"


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_an_applicant_sees_the_cover_and_goes_through_the_gallery_with_the_keyboard(open_as, offer, phone):
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    for index, alt in enumerate(("Façade de la résidence", "Séjour lumineux", "Chambre sur cour")):
        photo_add(offer=offer, data=picture("PNG", (900 + index, 600)), name="p.png", alt_text=alt, by=agent)
    demand = DemandFactory(with_information=True, workplace_commune=offer.commune, wished_communes=["69123"])
    page = open_as(demand.owner, phone=phone)

    page.goto("/offres/")
    cover = page.locator(".card-offer").first.get_by_role("img", name="Façade de la résidence")
    expect(cover).to_be_visible()
    assert cover.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("link", name="T2 avec balcon").click()
    gallery = page.get_by_role("region", name="Photos")
    status = gallery.locator("[data-gallery-status]")
    expect(status).to_have_text("Photo 1 sur 3")
    gallery.get_by_role("group", name=re.compile("Photos du logement")).focus()
    page.keyboard.press("ArrowRight")
    expect(status).to_have_text("Photo 2 sur 3")
    gallery.get_by_role("button", name="Photo suivante").click()
    expect(status).to_have_text("Photo 3 sur 3")
    gallery.get_by_role("button", name="Photo précédente").click()
    expect(status).to_have_text("Photo 2 sur 3")
    expect(gallery.get_by_text("Séjour lumineux")).to_be_visible()
