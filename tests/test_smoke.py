from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_is_public_and_in_french(client):
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    assert "Créer mon compte" in response.content.decode()


@pytest.mark.django_db
def test_the_signed_in_home_leads_to_mon_espace_without_a_query(client, django_assert_num_queries):
    from tests.factories import UserFactory

    client.force_login(UserFactory())
    client.get(reverse("home:index"))  # the session and the person are then read from the cache
    with django_assert_num_queries(0):  # not even a transaction: the home page writes nothing
        response = client.get(reverse("home:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home:dashboard")


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_favicon_is_served_to_anyone(client):
    """Browsers ask /favicon.ico on every page (the admin's too): a 404 there is an error in every console."""
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/logis/favicon.ico"
    icon = finders.find("logis/favicon.ico")
    assert icon is not None
    with open(icon, "rb") as file:
        assert file.read(4) == b"\x00\x00\x01\x00"  # the ICO header
    assert '<link rel="icon" href="/static/logis/favicon.ico"' in client.get("/").content.decode()


def test_readme_says_how_to_serve_the_demo_on_another_port():
    """Port 8000 may be taken: README gives the variable, and the Makefile serves and links with it."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    assert "make demo DEMO_ADDR=127.0.0.1:8080" in readme
    assert "runserver $(DEMO_ADDR)" in makefile
    assert "SITE_URL=http://$(DEMO_ADDR)" in makefile
