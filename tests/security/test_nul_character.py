"""A NUL character (%00) in an address or a query string answers the French 400 page, not a server error: PostgreSQL
can neither store nor compare it (found by tests/security/test_fuzz_paths.py on /contact/suivi/<token>/)."""

import html

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address",
    ["/contact/suivi/%00/", "/dossier-locataire/abc%00/", "/offres/?commune=%00", "/forum/recherche/?q=a%00b"],
)
def test_a_nul_character_answers_the_400_page(address):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    response = client.get(address)
    assert response.status_code == 400
    assert "Cette demande n'a pas pu être comprise" in html.unescape(response.content.decode())


def test_the_same_addresses_without_it_answer_as_usual():
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    assert client.get("/contact/suivi/inconnu/").status_code == 404
    assert client.get("/offres/?commune=Lyon").status_code == 200
