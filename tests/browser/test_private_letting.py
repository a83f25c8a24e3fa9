"""A private letting in a real Chromium (issue #19): the applicant shares their tenant file with the agency, the
agency opens it (watermarked with its name), proposes the home, and the applicant accepts; the applicant sees who
opened the file."""

import re
import urllib.request

import pytest
from django.core import mail
from playwright.sync_api import expect

from logis.documents.models import TenantFileOpening
from tests.browser.conftest import CHROMIUM  # noqa: F401 - the browser fixture lives there
from tests.browser.test_allocation_journey import _logged_in
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, OrganizationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def candidate(live_server):
    agency = OrganizationFactory(agency=True, name="Agence des Terreaux")
    MembershipFactory(
        organization=agency, user__email="lucie@terreaux.fr", user__first_name="Lucie", user__last_name="Moreau"
    )
    offer = OfferFactory(private=True, landlord=agency, title="T2 meublé près de la gare")
    owner = UserFactory(email="ines@exemple.fr", first_name="Inès", last_name="Caron")
    # The live server's first answer loads the URLs and compiles the templates: on a loaded machine that alone may
    # take most of the browser's 10 s, so it is asked once before the browser comes.
    with urllib.request.urlopen(f"{live_server.url}/compte/login/", timeout=120):  # noqa: S310 - the live server
        pass
    return ApplicationFactory(offer=offer, demand__owner=owner)


def test_share_the_file_the_agency_opens_it_proposes_the_home_the_applicant_accepts(
    browser, live_server, settings, candidate
):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url

    # The applicant shares their tenant file with the agency of the offer they follow.
    applicant, page = _logged_in(browser, live_server, "ines@exemple.fr")
    page.goto("/mon-dossier/locataire/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon dossier locataire")
    expect(page.get_by_text("une seule agence ou un seul propriétaire à la fois")).to_be_visible()
    page.get_by_label("Partager avec").select_option(label="Agence des Terreaux")
    page.get_by_label("Durée du lien (jours)").fill("7")
    page.get_by_role("button", name="Partager mon dossier").click()
    expect(page.locator(".alert-success").first).to_contain_text("Votre dossier est partagé avec Agence des Terreaux")
    link = re.search(r"https?://\S+/dossier-locataire/[\w-]+/", mail.outbox[-1].body).group(0)

    # The agency opens the link it received: the file carries its name.
    agency, agency_page = _logged_in(browser, live_server, "lucie@terreaux.fr")
    agency_page.goto(link)
    expect(agency_page.get_by_role("heading", level=1)).to_have_text("Dossier locataire de Inès Caron")
    expect(agency_page.get_by_role("note")).to_contain_text("Dossier locataire transmis à Agence des Terreaux")

    # It proposes the home from the candidate's page, with the delay to answer it chooses.
    agency_page.goto("/bailleur/")
    agency_page.goto(f"/bailleur/offres/{candidate.offer_id}/candidats/")
    expect(agency_page.get_by_role("link", name=re.compile("Ouvrir le dossier partagé"))).to_be_visible()
    agency_page.get_by_role("link", name="Inès Caron", exact=True).click()
    agency_page.get_by_label("Délai de réponse (jours)").fill("5")
    agency_page.get_by_role("button", name="Proposer le logement").click()
    expect(agency_page.locator(".alert-success").first).to_contain_text("Logement proposé à Inès Caron")

    # The applicant accepts, and sees who opened their file.
    page.goto("/candidatures/")
    page.get_by_role("button", name="Accepter le logement").click()
    expect(page.locator(".alert-success").first).to_contain_text("Vous avez accepté le logement")
    candidate.refresh_from_db()
    assert candidate.state == "accepted"
    page.goto("/mon-dossier/locataire/")
    expect(
        page.get_by_text(re.compile(r"Lucie Moreau \(Agence des Terreaux\) : Dossier locataire \(page\)"))
    ).to_be_visible()
    assert TenantFileOpening.objects.count() == 1
    applicant.close()
    agency.close()
