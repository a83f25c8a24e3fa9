"""« Mes données » in a real Chromium (issue #12): every state is checked by axe (tests/browser/pagecheck.py) on a
desktop and on a phone; the JSON download, and the deletion page with its wrong-password delay."""

import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import new_context
from tests.factories import ApplicationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def signed_in(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    contexts = []

    def open_as(user, *, phone: bool = False):
        client = Client()
        client.force_login(user)
        context = new_context(browser, live_server, phone=phone, accept_downloads=True)
        context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_person_downloads_their_data_and_reads_what_deletion_erases(signed_in, phone):
    person = ApplicationFactory().demand.owner
    page = signed_in(person, phone=phone)
    page.goto("/mes-donnees/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes données")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en JSON (pour un autre service)").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert person.email in json.dumps(data, ensure_ascii=False)

    page.get_by_role("link", name="Supprimer mon compte…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")
    expect(page.get_by_role("heading", name="Ce que la loi fait conserver, et pour combien de temps")).to_be_visible()


def test_wrong_passwords_on_the_deletion_page_say_how_long_to_wait(signed_in):
    person = ApplicationFactory().demand.owner
    page = signed_in(person)
    page.goto("/mes-donnees/supprimer-mon-compte/")
    for attempt in range(3):
        page.get_by_label("Votre mot de passe").fill(f"pas-le-bon-{attempt}")
        page.get_by_label("Je comprends que la suppression est définitive").check()
        page.get_by_role("button", name="Supprimer définitivement mon compte").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Supprimer mon compte")
    expect(page.get_by_text("vous devez patienter 30 secondes avant de réessayer")).to_be_visible()
    field = page.get_by_label("Votre mot de passe")
    expect(field).to_have_attribute("aria-invalid", "true")
    assert get_user_model().objects.get(pk=person.pk).email == person.email  # nothing deleted
