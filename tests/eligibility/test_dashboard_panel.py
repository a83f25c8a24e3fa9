"""The dashboard says what is still missing for platform eligibility and what each missing piece would change."""

import datetime as dt
import html as html_module

import pytest
from django.urls import reverse
from django.utils import timezone

from logis.home.templatetags import eligibility_panels
from logis.offers import selectors
from tests.factories import CommuneFactory, DemandFactory, OrganizationFactory
from tests.offers.factories import offer_at

pytestmark = pytest.mark.django_db

URL = reverse("home:dashboard")


def _text(response) -> str:
    return html_module.unescape(" ".join(response.content.decode().split()))


@pytest.fixture
def lyon():
    return CommuneFactory()


def test_the_panel_asks_for_the_employers_agreement_and_says_what_it_opens(client, lyon):
    demand = DemandFactory(with_information=True, employer=OrganizationFactory(headcount=250, pays_peec=True))
    offer_at(lyon, title="Offre 1")
    offer_at(lyon, title="Offre 2", north_km=1)
    client.force_login(demand.owner)
    html = _text(client.get(URL))
    assert "Mon éligibilité" in html
    assert "il vous manque encore un élément" in html
    assert "L'accord de l'employeur est nécessaire et n'est pas encore obtenu." in html
    assert "Avec cet accord, vous pourrez postuler aux 2 offres qui vous correspondent aujourd'hui." in html
    assert "2 offres vous correspondent" in html


def test_the_panel_lists_each_missing_piece_with_its_action(client, lyon):
    demand = DemandFactory(
        nationality="HUE",
        residence_permit_expires_on=timezone.localdate() - dt.timedelta(days=3),
    )
    client.force_login(demand.owner)
    html = _text(client.get(URL))
    assert "il vous manque encore 3 éléments" in html
    assert "Le titre de séjour a expiré le" in html
    assert "Déclarez votre titre de séjour en cours de validité" in html
    assert "Aucun employeur n'est indiqué" in html
    assert "Complétez « Les informations » : la demande d'accord partira à votre employeur." in html
    assert reverse("demands:information") in html
    assert reverse("demands:situation") in html
    assert "Aucune offre ne vous correspond pour le moment" in html


def test_an_eligible_applicant_is_told_so(client, lyon):
    from logis.employers.models import Agreement

    demand = DemandFactory(with_information=True, employer=OrganizationFactory(headcount=250, pays_peec=True))
    Agreement.objects.create(
        demand=demand,
        handler=Agreement.Handler.values[0],
        employer=demand.employer,
        status=Agreement.Status.GIVEN,
        requested_at=timezone.now(),
    )
    offer_at(lyon)
    client.force_login(demand.owner)
    html = _text(client.get(URL))
    assert "Vous remplissez les conditions pour postuler par la plateforme." in html
    assert "1 offre vous correspond</a>" in html
    assert "il vous manque" not in html


def test_the_panel_counts_offers_up_to_the_cap_like_mes_offres(client, lyon, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 2)
    monkeypatch.setattr(eligibility_panels, "COUNT_CAP", 2)
    demand = DemandFactory(with_information=True, employer=OrganizationFactory(headcount=250, pays_peec=True))
    for index in range(4):
        offer_at(lyon, north_km=index)
    client.force_login(demand.owner)
    html = _text(client.get(URL))
    assert "Plus de 2 offres vous correspondent" in html
    assert "vous pourrez postuler à plus de 2 offres qui vous correspondent" in html
