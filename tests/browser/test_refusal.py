"""Refusing the dwelling offered, in a real Chromium: a confirmation, a reason, and what really happens next
(issue 15, point 3)."""

import re

import pytest
from playwright.sync_api import expect

from logis.commission.models import Decision
from logis.commission.services import agenda_add, decision_record
from logis.organizations.models import Membership
from tests.browser.conftest import CHROMIUM  # noqa: F401 - the browser fixture lives there
from tests.browser.test_allocation_journey import _logged_in
from tests.commission.factories import CommissionSessionFactory
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def attributed(live_server):
    """The CALEOL attributed the T4 to Camille, the only candidate presented (too few candidates)."""
    offer = OfferFactory(title="T4 à Annecy")
    agent = MembershipFactory(organization=offer.landlord).user
    member = MembershipFactory(organization=offer.landlord, role=Membership.Role.COMMISSION).user
    session = CommissionSessionFactory(landlord=offer.landlord)
    owner = UserFactory(email="camille@exemple.fr", first_name="Camille", last_name="Leroy")
    application = ApplicationFactory(offer=offer, demand__owner=owner, state="validated")
    entry = agenda_add(session=session, offer=offer, applications=[application], fewer_reason="too_few", by=agent)
    decision_record(agenda_item=entry.items.get(), kind=Decision.Kind.ATTRIBUTION, by=member)
    return application


def test_refusing_asks_for_confirmation_and_a_reason_and_says_no_one_else_is_waiting(
    browser, live_server, settings, attributed, page_checker
):
    settings.ALLOWED_HOSTS = ["*"]
    context, page = _logged_in(browser, live_server, "camille@exemple.fr")
    page.goto("/candidatures/")
    expect(page.get_by_text("Le logement vous est proposé.")).to_be_visible()
    # The red outline button inside the green box (issue #15 point 13: axe « color-contrast ») passes axe.
    expect(page.locator(".alert-success .btn-outline-danger")).to_be_visible()
    page_checker.check_all("the dwelling offered")
    assert any(url.endswith("/candidatures/") for url in page_checker.checked)
    assert page_checker.problems == []
    page.get_by_role("link", name=re.compile("Refuser le logement")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refuser le logement proposé")
    expect(page.get_by_text("La commission n'a classé aucun autre candidat pour ce logement")).to_be_visible()
    expect(page.get_by_text("candidat suivant")).to_have_count(0)

    # Confirming without a reason changes nothing and says what to do.
    page.get_by_role("button", name="Confirmer le refus").click()
    expect(page.get_by_text("Choisissez la raison de votre refus.")).to_be_visible()
    attributed.refresh_from_db()
    assert attributed.state == "offer_made"

    # Changing one's mind is one click away.
    page.get_by_role("link", name="Revenir sans refuser").click()
    expect(page.get_by_role("button", name="Accepter le logement")).to_be_visible()

    page.get_by_role("link", name=re.compile("Refuser le logement")).click()
    page.get_by_role("radio", name="Loyer ou charges trop élevés pour mon budget").check()
    page.get_by_label("Précisions (facultatif)").fill("Les charges de chauffage sont trop lourdes.")
    page.get_by_role("button", name="Confirmer le refus").click()
    message = page.locator(".alert-success").first
    expect(message).to_contain_text("Vous avez refusé le logement « T4 à Annecy »")
    expect(message).to_contain_text("La commission n'a classé aucun autre candidat")
    expect(message).not_to_contain_text("candidat suivant")
    expect(page.locator(f"#candidature-{attributed.pk}")).to_contain_text("Proposition refusée")
    context.close()
    attributed.refresh_from_db()
    assert attributed.state == "refused"
    log = attributed.transitions.get(to_state="refused")
    assert (log.reason_category, log.comment) == ("refusal_cost", "Les charges de chauffage sont trop lourdes.")
