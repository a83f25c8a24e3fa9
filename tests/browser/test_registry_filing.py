"""A person files a demand on a phone, in Chromium, partly with the keyboard only (owner: registry)."""

import re

import pytest
from django.core import mail

from logis.registry.models import RegisteredDemand
from logis.registry.numbering import format_for_display
from tests.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_files_a_demand_on_a_phone_and_reads_the_numero_unique(page):
    CommuneFactory()
    CommuneFactory(villeurbanne=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/registre/deposer/")
    page.get_by_role("link", name="Commencer ma demande").click()

    # 1. Identity, typed with the keyboard only
    assert page.get_by_text("Étape 1 sur 8").is_visible()
    page.locator("#id_civility_1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Martin")
    page.keyboard.press("Tab")
    page.keyboard.type("Camille")
    page.locator("#id_birth_date").fill("1990-05-17")
    page.locator("#id_nationality_0").check()
    page.locator("#id_first_name").press("Enter")

    # 2. Contact: the commune comes from the suggestion list filled by htmx
    assert page.get_by_text("Étape 2 sur 8").is_visible()
    page.locator("#id_email").fill("camille.martin@exemple.fr")
    page.locator("#id_address").fill("12 rue de la République")
    page.locator("#id_postal_code").fill("69001")
    page.locator("#id_commune").press_sequentially("villeur", delay=30)
    # A locator, not wait_for_function: the CSP forbids the eval that Playwright's polling predicate needs.
    page.locator("#id_commune_suggestions option").first.wait_for(state="attached")
    assert page.locator("#id_commune_suggestions option").first.get_attribute("value") == "Villeurbanne (69100)"
    page.locator("#id_commune").fill("Lyon (69001)")
    page.get_by_role("button", name="Continuer").click()

    # 3. Family: an error keeps what was typed and is announced at the top
    page.locator("#id_family_situation").select_option("celibataire")
    page.locator("#id_members-0-first_name").fill("Léa")
    page.get_by_role("button", name="Continuer").click()
    alert = page.locator("#erreurs")
    assert "Personne 1 : Nom" in alert.inner_text()
    assert page.locator("#id_members-0-first_name").input_value() == "Léa"
    page.locator("#id_members-0-last_name").fill("Martin")
    page.locator("#id_members-0-birth_date").fill("2015-03-02")
    page.locator("#id_members-0-relation").select_option("enfant")
    page.locator("#id_members-0-is_dependent").check()
    page.get_by_role("button", name="Continuer").click()

    # 4 to 8
    page.locator("#id_contract_type").select_option("CDI")
    page.locator("#id_workplace_commune").fill("69100")
    page.get_by_role("button", name="Continuer").click()
    page.locator("#id_rfr_n2").fill("24 000")
    page.locator("#id_resource_SAL").fill("2 100")
    page.get_by_role("button", name="Continuer").click()
    page.locator("#id_current_housing").select_option("locataire_prive")
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Logement trop cher").check()
    page.get_by_role("button", name="Continuer").click()
    assert page.get_by_text("Étape 8 sur 8").is_visible()
    page.locator("#id_wished_commune_1").fill("Villeurbanne")
    page.get_by_label("T3 (3 pièces)").check()
    page.get_by_role("button", name="Vérifier ma demande").click()

    # Summary, then filing with the keyboard
    assert page.get_by_role("heading", name="Vérifiez votre demande").is_visible()
    assert page.get_by_text("Léa Martin, date de naissance : 2 mars 2015, enfant, à charge").is_visible()
    page.locator("#id_certify").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/registre/deposer/confirmation/$"))
    demand = RegisteredDemand.objects.get()
    assert page.locator("#numero-unique").inner_text() == format_for_display(demand.numero_unique)
    assert demand.numero_unique.startswith("069")
    assert demand.wished_communes == ["69266"]
    (message,) = mail.outbox
    assert format_for_display(demand.numero_unique) in message.body

    # The page fits the phone: nothing scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
