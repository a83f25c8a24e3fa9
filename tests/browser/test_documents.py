"""Mon dossier in a real Chromium on a phone-sized screen, driven from the keyboard (tests of logis.documents)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.documents import files
from tests.documents.conftest import SNAPSHOT, storage_files
from tests.factories import DemandFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    demand = DemandFactory(with_information=True, snapshot=SNAPSHOT, household_size=3)
    client = Client()
    client.force_login(demand.owner)
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, base_url=live_server.url
    )
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_an_applicant_uploads_a_tax_notice_from_the_keyboard_on_a_phone(phone, tmp_path, page_checker):
    page = phone
    page.goto("/mon-dossier/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon dossier")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    page.get_by_role("link", name="Déposer : Avis d'imposition de Camille Martin").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer : Avis d'imposition de Camille Martin")

    # A text file named like a PDF: refused, the error is announced and tied to the field.
    fake = tmp_path / "avis.pdf"
    fake.write_bytes(b"ceci n'est pas un PDF")
    page.get_by_label("Fichiers").set_input_files(str(fake))
    page.get_by_role("button", name="Envoyer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Votre envoi n'a pas été enregistré")
    expect(page.get_by_role("alert")).to_be_focused()
    field = page.get_by_label("Fichiers")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert "n'est ni un PDF" in page.locator("#id_files_error").inner_text()
    assert storage_files() == []

    notice = tmp_path / "avis-2024.pdf"
    notice.write_bytes(files.text_pdf())
    page.get_by_label("Fichiers").set_input_files(str(notice))
    page.get_by_role("button", name="Envoyer").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").first).to_contain_text("Pièce enregistrée")
    entry = page.locator("#piece-tax_notice-demandeur")
    expect(entry).to_contain_text("Fournie")
    expect(entry.get_by_role("link", name="Télécharger le fichier 1")).to_be_visible()
    assert len(storage_files()) == 1

    # Mon dossier with a piece uploaded (its list of details, issue #15 point 13: axe « definition-list »)
    # is run through axe like every state, and has no problem.
    expect(entry.locator("dl dt")).to_have_text(["Déposée :"])
    page_checker.check_all("Mon dossier after the upload")
    assert any(url.endswith("/mon-dossier/") for url in page_checker.checked)
    assert page_checker.problems == []
