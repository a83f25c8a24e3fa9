"""An applicant goes through the map, saves a search with daily alerts, keeps an offer in « Mes favoris » with
the keyboard, then stops the alerts from the e-mail's link without being signed in; axe checks every page."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from logis.searches.models import Favourite, SavedSearch
from logis.searches.services import alerts_send
from tests.browser.conftest import new_context
from tests.factories import CommuneFactory, DemandFactory, OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_saved_search_favourite_and_unsubscribe(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    settings.LOGIS_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"  # no tile server in the tests
    lyon = CommuneFactory()
    demand = DemandFactory(with_information=True, workplace_commune=lyon, wished_communes=["69123"], household_size=2)
    OfferFactory(commune=lyon, title="T3 près du parc", published_at=timezone.now() - dt.timedelta(days=3))
    OfferFactory(commune=lyon, title="T3 sur les quais", lat=lyon.lat + 0.01)
    client = Client()
    client.force_login(demand.owner)
    context = new_context(browser, live_server)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()

    # The map of the search, then the search saved from it.
    page.goto("/offres/?loyer_max=900")
    page.get_by_role("navigation", name="Affichage des offres").get_by_role("link", name="Carte").click()
    expect(page.get_by_role("status").filter(has_text="La carte montre 2 offres")).to_be_visible()
    page.get_by_text("Enregistrer cette recherche et recevoir des alertes").click()
    page.get_by_label("Nom de la recherche").fill("T3 à Lyon")
    page.get_by_label("Alertes par e-mail").select_option(label="Une fois par jour, le matin")
    page.get_by_role("button", name="Enregistrer la recherche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes recherches")
    expect(page.get_by_text("La recherche « T3 à Lyon » est enregistrée")).to_be_visible()
    expect(page.get_by_text("Loyer charges comprises jusqu'à 900 €")).to_be_visible()
    search = SavedSearch.objects.get(owner=demand.owner)
    assert search.criteria["loyer_max"] == "900"
    assert search.frequency == "daily"

    # The search opens Mes offres with its filters; a favourite added with the keyboard.
    page.get_by_role("link", name="T3 à Lyon").click()
    expect(page.get_by_label(re.compile("Loyer charges comprises maximum"))).to_have_value("900")
    button = page.get_by_role("button", name="Ajouter à mes favoris : T3 sur les quais")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Retirer de mes favoris : T3 sur les quais")).to_be_visible()
    page.get_by_role("link", name="Mes favoris").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes favoris")
    expect(page.get_by_role("link", name="T3 sur les quais")).to_be_visible()
    assert Favourite.objects.filter(owner=demand.owner, offer__title="T3 sur les quais").exists()

    # The daily alert (a new offer published after the search) and its one-click link, signed out.
    OfferFactory(commune=lyon, title="T3 tout neuf", lat=lyon.lat + 0.02, published_at=timezone.now())
    assert alerts_send() == 1
    body = [m for m in mail.outbox if "T3 tout neuf" in m.body][-1].body
    link = re.search(r"https?://\S+/mes-recherches/desabonnement/\S+/", body).group(0)
    signed_out = new_context(browser, live_server).new_page()
    signed_out.goto(link)
    expect(signed_out.get_by_role("status")).to_contain_text("Les alertes de cette recherche sont arrêtées")
    signed_out.goto(link)
    expect(signed_out.get_by_role("status")).to_contain_text("Ce lien a déjà servi")
    search.refresh_from_db()
    assert search.frequency == "none"
