"""The applicant's journey, steps 1 to 6, in a real Chromium, reading the e-mails the platform sends."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from logis.applications.models import Application
from logis.offers.models import PurchaseInterest
from logis.organizations.models import Organization
from tests.factories import (
    CommuneFactory,
    OfferFactory,
    OrganizationFactory,
    RegisteredDemandFactory,
    RegisteredHouseholdMemberFactory,
    valid_siret,
)
from tests.offers.factories import home_to_buy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "nadia.roussel@exemple.fr"
PASSWORD = "Un-logement-pres-du-travail-2026"


def shot(page, name: str) -> None:
    """Screenshots for a person to look at (set SCREENSHOTS_DIR); the test asserts, the pictures inform."""
    if directory := os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=f"{directory}/{name}.png", full_page=True)


def last_email_to(address: str):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail was sent to {address}"
    return messages[-1]


@pytest.fixture
def journey_data(settings):
    # No tile server in the tests: the maps must keep their markers on a plain ground, and say so.
    settings.LOGIS_MAP_TILE_URL = "http://127.0.0.1:9/{z}/{x}/{y}.png"
    lyon = CommuneFactory()
    villeurbanne = CommuneFactory(villeurbanne=True)
    employer = OrganizationFactory(name="Transports Rhône Express", siret=valid_siret(77_123_456))
    register_demand = RegisteredDemandFactory(
        email=EMAIL, first_name="Nadia", last_name="Roussel", commune=lyon, workplace_commune=lyon, max_rent=900
    )
    RegisteredHouseholdMemberFactory(demand=register_demand, first_name="Sami", last_name="Roussel")
    near = OfferFactory(title="T3 avec balcon près du parc", commune=villeurbanne, rent=540, charges=90)
    far = OfferFactory(title="T2 calme en centre-ville", typology="T2", rooms=2, bedrooms=1, commune=lyon)
    home_to_buy(villeurbanne, "PSLA", title="Maison T3 neuve en location-accession")
    return {"register_demand": register_demand, "employer": employer, "near": near, "far": far}


def test_an_applicant_goes_from_sign_up_to_mes_candidatures(page, journey_data):
    numero = journey_data["register_demand"].numero_unique
    employer: Organization = journey_data["employer"]

    # 1. "Se connecter" → "Créer mon compte": name and e-mail, confirmation link, then the password.
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_role("link", name="Créer mon compte").first.click()
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label(re.compile(r"^\s*Nom\b")).fill("Roussel")
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).first.fill(EMAIL)
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")

    shot(page, "01_verification_sent")
    link = re.search(r"https?://\S+/confirm-email/\S+/", last_email_to(EMAIL).body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirmer mon adresse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créez votre mot de passe")
    page.get_by_label(re.compile(r"^\s*Mot de passe\b")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bonjour Nadia")

    # 2. "Ma situation": the numéro unique, then the security code e-mailed to the demand's address.
    page.get_by_role("link", name="Ma situation").first.click()
    page.get_by_label("Numéro unique de votre demande de logement social").fill(numero.lower())
    page.get_by_role("button", name="Recevoir un code de sécurité").click()
    code = re.search(r"^\s+(\d{6})\s*$", last_email_to(EMAIL).body, re.MULTILINE).group(1)  # the code line
    shot(page, "02_code")
    page.get_by_label("Code de sécurité reçu par e-mail").fill(code)
    page.get_by_role("button", name="Valider le code").click()
    expect(page.locator("main")).to_contain_text("Sami")

    shot(page, "03_situation")
    # 3. "Les informations": employer, SIRET, matricule, entry date, inform the employer.
    page.get_by_role("link", name="Les informations").first.click()
    page.get_by_label("Nom de votre employeur").fill(employer.name)
    page.get_by_label("SIRET de votre employeur").fill(
        f"{employer.siret[:3]} {employer.siret[3:6]} {employer.siret[6:]}"
    )
    page.get_by_label("Matricule").fill("TRE-0042")
    page.get_by_label("Date d'entrée dans l'entreprise").fill("2021-09-01")
    page.get_by_label("Oui, mon employeur peut être informé de ma demande").check()
    page.get_by_role("button", name="Enregistrer mes informations").click()
    expect(page.locator("main")).to_contain_text("Entreprise reconnue")

    shot(page, "04_informations")
    # 4. "Mes offres": the offers that fit, nearest to the workplace first; the offer's page.
    page.get_by_role("link", name="Mes offres").first.click()
    titles = page.locator("main").get_by_role("link", name=re.compile("T[23] ")).all_inner_texts()
    assert titles[:2] == ["T2 calme en centre-ville", "T3 avec balcon près du parc"]
    shot(page, "05_mes_offres")
    # The same search on a map: both offers and the workplace, on a plain ground when tiles cannot load; a
    # marker opened with the keyboard leads to its offer.
    page.get_by_role("navigation", name="Affichage des offres").get_by_role("link", name="Carte").click()
    map_region = page.get_by_role("region", name="Carte des offres de votre recherche")
    expect(page.get_by_role("status").filter(has_text="La carte montre 2 offres")).to_be_visible()
    expect(page.get_by_text("Le fond de carte n'a pas pu être chargé")).to_be_visible()
    expect(map_region.locator(".map-workplace")).to_have_count(1)
    marker = map_region.get_by_role("button", name=re.compile("T3 avec balcon près du parc, Villeurbanne"))
    marker.focus()
    page.keyboard.press("Enter")
    popup_link = map_region.get_by_role("link", name="T3 avec balcon près du parc")
    expect(popup_link).to_be_visible()
    shot(page, "05b_mes_offres_carte")
    popup_link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("T3 avec balcon près du parc")
    expect(page.locator("main")).to_contain_text("Villeurbanne")
    expect(page.get_by_role("region", name="Carte : emplacement du logement")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("latitude")

    shot(page, "06_offer")
    # 5. "Je postule", clicked twice in a row: one application.
    button = page.get_by_role("button", name="Je postule")
    button.dblclick()
    # networkidle alone may be the offer page's own, reached before the post left: wait for its answer.
    page.wait_for_url(re.compile(r"/candidatures/"))
    page.wait_for_load_state("networkidle")
    assert Application.objects.count() == 1

    # 6. "Mes candidatures": status and dated history, then withdrawal.
    page.get_by_role("link", name="Mes candidatures").first.click()
    expect(page.locator("main")).to_contain_text("T3 avec balcon près du parc")
    expect(page.locator("main")).to_contain_text("Candidature envoyée au bailleur")
    shot(page, "07_mes_candidatures")
    page.get_by_role("link", name=re.compile("Retirer ma candidature")).first.click()
    page.get_by_role("button", name="Confirmer le retrait").click()
    expect(page.locator("main")).to_contain_text("Candidature retirée")
    assert Application.objects.get().state == "withdrawn"
    shot(page, "08_withdrawn")

    # 7. « Acheter »: the homes to buy, one's verdict with the figures, the simulator link, the interest sent.
    page.get_by_role("link", name="Mes offres").first.click()
    page.get_by_role("navigation", name="Louer ou acheter").get_by_role("link", name="Acheter").click()
    expect(page.locator("main")).to_contain_text("1 logement à acheter")
    shot(page, "09_acheter")
    page.get_by_role("link", name="Maison T3 neuve en location-accession").click()
    expect(page.locator("main")).to_contain_text("Prix et conditions d'achat")
    expect(page.locator("main")).to_contain_text("Vos revenus permettent d'acheter ce logement.")
    simulator = page.get_by_role("link", name="Simuler mon financement avec le Prêt Accession")
    assert "accession_principal=30000" in simulator.get_attribute("href")
    page.get_by_label("J'accepte que Logis transmette au vendeur").check()
    shot(page, "10_home_to_buy")
    page.get_by_role("button", name="Dire mon intérêt au vendeur").click()
    expect(page.locator("main")).to_contain_text("Vous avez dit votre intérêt")
    assert PurchaseInterest.objects.get().state == "sent"
    # « Mes intérêts d'achat » follows it, with the way to withdraw it.
    page.get_by_role("link", name="Mes intérêts d'achat").click()
    expect(page.locator("main")).to_contain_text("Maison T3 neuve en location-accession")
    expect(page.locator("main")).to_contain_text("Envoyée au bailleur")
    shot(page, "11_mes_interets")
