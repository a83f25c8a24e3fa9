import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_is_public_and_in_french(client):
    response = client.get(reverse("home:index"))
    assert response.status_code == 200
    assert "Créer mon compte" in response.content.decode()


@pytest.mark.django_db
def test_dashboard_requires_login(client):
    response = client.get(reverse("home:dashboard"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
