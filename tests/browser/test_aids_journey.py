"""« Aides et prêts » in a real Chromium: simulate a loan → request an Avance LOCA-PASS with a piece → an advisor
grants it → the applicant sees it (tests of logis.aids)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from logis.aids.models import AidRequest
from logis.organizations.models import Membership, Organization
from tests.aids.conftest import upload
from tests.browser.conftest import new_context
from tests.documents import files
from tests.factories import DemandFactory, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in(browser, live_server, user, **options):
    client = Client()
    client.force_login(user)
    context = new_context(browser, live_server, **options)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_simulate_a_loan_then_request_loca_pass_with_a_piece_and_see_it_granted(
    browser, live_server, settings, tmp_path
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    employer = OrganizationFactory(name="Lyon Restauration", headcount=120)
    applicant = UserFactory(email="ines@exemple.fr", first_name="Inès", last_name="Moreau")
    demand = DemandFactory(
        owner=applicant,
        with_information=True,
        employer=employer,
        snapshot={"birth_date": "1999-05-01", "contract_type": "CDI"},
    )
    upload(demand, "identity", variant="cni")
    upload(demand, "employment", variant="certificate")
    upload(demand, "bank_details", iban="FR7630006000011234567890189")
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    advisor = MembershipFactory(
        organization=operator, role=Membership.Role.ADVISOR, user__email="conseil@logis.example"
    ).user

    context = _signed_in(browser, live_server, applicant, phone=True)
    page = context.new_page()
    page.goto("/aides/simulateurs/pret/")
    page.get_by_label("Montant emprunté (€)").fill("30 000")
    page.get_by_label("Taux nominal annuel (%)").fill("1")
    page.get_by_label("Durée (mois)").fill("300")
    page.get_by_label("Assurance emprunteur").select_option("initial")
    page.get_by_label("Taux annuel de l'assurance (%)").fill("0,1668")
    page.get_by_role("button", name="Calculer").click()
    result = page.locator("#resultat").locator("..")
    expect(result).to_contain_text("113,06")
    expect(result).to_contain_text("117,23")
    expect(result).to_contain_text("1,31")

    page.goto("/aides/mes-aides/")
    page.locator("#verdict-avance_loca_pass").locator("xpath=ancestor::article").get_by_role(
        "link", name="Faire une demande"
    ).click()
    page.get_by_label("Montant demandé (€)").fill("900")
    page.get_by_role("button", name="Commencer la demande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ma demande : Avance LOCA-PASS")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("alert").first).to_contain_text("il manque « Bail ou engagement de location »")

    page.get_by_role("link", name="Déposer « Bail ou engagement de location »").click()
    lease = tmp_path / "bail.pdf"
    lease.write_bytes(files.text_pdf("Bail"))
    page.get_by_label("Fichiers").set_input_files(str(lease))
    page.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ma demande : Avance LOCA-PASS")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.locator("#request-status")).to_contain_text("Envoyée : en attente d'un conseiller")

    advisor_context = _signed_in(browser, live_server, advisor)
    advisor_page = advisor_context.new_page()
    advisor_page.goto("/conseiller/aides/")
    advisor_page.get_by_role("link", name="Inès Moreau").click()
    expect(advisor_page.get_by_role("heading", level=1)).to_contain_text("Avance LOCA-PASS")
    advisor_page.get_by_label("Accorder").check()
    advisor_page.get_by_label("Motif").fill("Avance versée au bailleur sous 10 jours.")
    advisor_page.get_by_role("button", name="Enregistrer la décision").click()
    expect(advisor_page.get_by_role("status").first).to_contain_text("Décision enregistrée")
    advisor_context.close()

    page.reload()
    expect(page.locator("#request-status")).to_contain_text("Accordée")
    expect(page.get_by_role("status").first).to_contain_text("Avance versée au bailleur sous 10 jours.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert AidRequest.objects.get().status == AidRequest.Status.GRANTED
    context.close()
