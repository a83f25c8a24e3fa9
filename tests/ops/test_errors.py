"""Error pages in French; the 500 page renders without the database; a database out of reach answers 503."""

import pytest
from django.test import Client

from tests.accounts.helpers import text

pytestmark = pytest.mark.urls("tests.ops.urls")


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def test_the_500_page_is_french_and_reads_no_database(browser):
    # No django_db mark: pytest-django refuses every database access during this test.
    response = browser.get("/test/crash/", {"p": "hunter2", "e": "lou@exemple.fr"})

    assert response.status_code == 500
    page = text(response)
    assert "Une erreur est survenue de notre côté" in page
    assert "Ce n'est pas de votre fait" in page
    assert response["X-Request-ID"] in page  # the reference to give the team
    assert "hunter2" not in page
    assert 'lang="fr"' in page


def test_a_database_out_of_reach_answers_503_with_retry_after(browser):
    response = browser.get("/test/database-gone/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = text(response)
    assert "Logis est momentanément indisponible" in page
    assert "n'a pas été enregistré" in page
    assert "5432" not in page


@pytest.mark.django_db
def test_404_is_french_and_lists_no_url(browser, settings):
    response = browser.get("/nulle-part/")

    assert response.status_code == 404
    page = text(response)
    assert "Cette page n'existe pas ou plus" in page
    assert "Revenir à l'accueil" in page
    assert "urlpatterns" not in page.lower()
    assert "admin/" not in page


@pytest.mark.django_db
def test_403_and_400_are_french(browser):
    forbidden = browser.get("/test/forbidden/")
    bad = browser.get("/test/suspicious/")

    assert forbidden.status_code == 403
    assert "Vous n'avez pas accès à cette page" in text(forbidden)
    assert bad.status_code == 400
    assert "Cette demande n'a pas pu être comprise" in text(bad)


@pytest.mark.django_db
def test_an_expired_form_says_to_reload_and_send_again():
    browser = Client(enforce_csrf_checks=True)

    response = browser.post("/compte/login/", {"login": "a@exemple.fr", "password": "x"})

    assert response.status_code == 403
    assert "Le formulaire a expiré" in text(response)


@pytest.mark.django_db
def test_maintenance_answers_503_everywhere_but_the_health_endpoints(browser, settings, tmp_path):
    settings.MAINTENANCE_FILE = str(tmp_path / "maintenance")
    (tmp_path / "maintenance").touch()

    page = browser.get("/")
    alive = browser.get("/sante/")

    assert page.status_code == 503
    assert "Logis est en maintenance" in text(page)
    assert page["Retry-After"] == "120"
    assert alive.status_code == 200
    (tmp_path / "maintenance").unlink()
    assert browser.get("/").status_code == 200
