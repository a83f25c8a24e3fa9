from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from logis.landlords.services import offer_set_status
from logis.notifications.models import Notification
from logis.organizations.models import Membership
from logis.searches.models import Favourite
from tests.factories import MembershipFactory
from tests.offers.factories import home_to_buy, offer_at

pytestmark = pytest.mark.django_db

FAVOURITES = reverse("searches:favourites")


def _toggle(client, offer, action, next_url=""):
    return client.post(reverse("searches:favourite", args=[offer.pk]), {"action": action, "next": next_url})


def test_add_from_the_card_and_remove_from_the_offer_page(client, applicant, lyon):
    offer = offer_at(lyon, title="T2 à garder")
    listing = unescape(client.get(reverse("offers:list")).content.decode())
    assert reverse("searches:favourite", args=[offer.pk]) in listing
    response = _toggle(client, offer, "ajouter", reverse("offers:list") + "?loyer_max=900")
    assert response.status_code == 302
    assert response.url == reverse("offers:list") + "?loyer_max=900"
    _toggle(client, offer, "ajouter")  # twice is once
    assert Favourite.objects.filter(owner=applicant, offer=offer).count() == 1
    page = unescape(client.get(reverse("offers:detail", args=[offer.pk])).content.decode())
    assert "Retirer de mes favoris" in page
    assert "T2 à garder" in client.get(FAVOURITES).content.decode()
    response = _toggle(client, offer, "retirer", "https://ailleurs.example/")
    assert response.url == reverse("offers:detail", args=[offer.pk])  # no redirection off the site
    assert not Favourite.objects.exists()


def test_an_offer_no_longer_available_stays_in_the_list_and_the_person_is_told(
    client, applicant, lyon, django_capture_on_commit_callbacks
):
    offer = offer_at(lyon, title="T2 bientôt retiré")
    _toggle(client, offer, "ajouter")
    agent = MembershipFactory(organization=offer.landlord, role=Membership.Role.AGENT).user
    with django_capture_on_commit_callbacks(execute=True):
        offer_set_status(offer=offer, action="close", by=agent)
    html = unescape(client.get(FAVOURITES).content.decode())
    assert "Offres qui ne sont plus disponibles" in html
    assert "T2 bientôt retiré" in html
    assert "Plus disponible" in html
    notification = Notification.objects.get(user=applicant, kind="favourite_unavailable")
    assert "T2 bientôt retiré" in notification.subject
    assert notification.link == FAVOURITES
    assert "le bailleur l'a retirée" in mail.outbox[-1].body


def test_a_closed_offer_cannot_be_added(client, applicant, lyon):
    offer = offer_at(lyon, status="closed")
    assert _toggle(client, offer, "ajouter").status_code == 404
    assert not Favourite.objects.exists()


def test_adding_takes_a_post(client, applicant, lyon):
    offer = offer_at(lyon)
    assert client.get(reverse("searches:favourite", args=[offer.pk])).status_code == 405


@pytest.mark.parametrize("next_url", ["0", "accueil", "offers:list", "//ailleurs.example/"])
def test_a_return_address_that_is_not_a_path_of_the_site_leads_to_the_offer(client, applicant, lyon, next_url):
    """A value that is not a path (found by tests/security/test_fuzz_paths.py: "0" answered a server error)."""
    offer = offer_at(lyon)
    for action in ("ajouter", "retirer"):
        response = _toggle(client, offer, action, next_url)
        assert response.status_code == 302
        assert response.url == reverse("offers:detail", args=[offer.pk])


def test_a_home_to_buy_kept_aside_shows_its_price_not_a_rent(client, applicant, lyon):
    home = home_to_buy(lyon, "BRS", title="T3 en bail réel solidaire")
    _toggle(client, home, "ajouter")
    page = unescape(client.get(FAVOURITES).content.decode())
    assert "T3 en bail réel solidaire" in page
    assert "à acheter, BRS (bail réel solidaire) : 165\u202f000\xa0€" in page
    assert "par mois, charges comprises" not in page
