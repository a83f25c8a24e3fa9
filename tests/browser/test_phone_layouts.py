"""Every role's pages on a phone (390 px, issue #15): no page scrolls sideways — tables become cards, a long step
label wraps in its card — and axe finds nothing (tests/browser/pagecheck.py runs it on every state visited).

The walk covers the page states a newcomer met: the public pages, the applicant's space with a home proposed, the
landlord's dashboard and candidates, the CALEOL's session, minutes and their confirmation, the employer's and the
advisors' spaces."""

from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from logis.aids.views import OFFICIAL_EXAMPLE
from logis.commission.models import Decision
from logis.organizations.models import Membership, Organization
from tests.browser.conftest import new_context
from tests.commission.factories import AgendaItemFactory, CommissionSessionFactory
from tests.factories import ApplicationFactory, DemandFactory, MembershipFactory, OfferFactory, OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def _walk(page, urls: list[str]) -> None:
    for url in urls:
        response = page.goto(url)
        assert response is not None, url
        assert response.status < 400, f"{url} answered {response.status}"
        expect(page.locator("main")).to_be_visible()
        scroll_width, client_width = page.evaluate(NO_SIDEWAYS)
        assert scroll_width <= client_width, f"{url} scrolls sideways: {scroll_width} px in {client_width} px"


@pytest.fixture
def phone(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    contexts = []

    def open_as(user=None):
        context = new_context(browser, live_server, phone=True)
        if user is not None:
            client = Client()
            client.force_login(user)
            context.add_cookies(
                [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
            )
        contexts.append(context)
        return context.new_page()

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def world():
    employer = OrganizationFactory(name="Laboratoires du Rhône")
    offer = OfferFactory(title="T3 lumineux avec balcon, proche du tramway et des écoles")
    agent = MembershipFactory(organization=offer.landlord).user
    member = MembershipFactory(organization=offer.landlord, role=Membership.Role.COMMISSION)
    hr = MembershipFactory(organization=employer, role=Membership.Role.HR).user
    operator = OrganizationFactory(kind=Organization.Kind.OPERATOR, name="Logis")
    advisor = MembershipFactory(organization=operator, role=Membership.Role.ADVISOR).user
    demand = DemandFactory(with_information=True, employer=employer, inform_employer=True)
    proposed = ApplicationFactory(offered=True, offer=offer, demand=demand)
    session = CommissionSessionFactory(landlord=offer.landlord, place="Salle du conseil d'administration")
    session.members.set([member])
    item = AgendaItemFactory(agenda_offer__session=session, agenda_offer__offer=offer, application=proposed)
    Decision.objects.create(
        agenda_item=item,
        application=proposed,
        offer=offer,
        session=session,
        kind=Decision.Kind.ATTRIBUTION,
        decided_by=member.user,
        decided_at=timezone.now(),
    )
    for _ in range(2):
        ApplicationFactory(offer=offer, validated_by_landlord=True)
    # The advisor's check of new sign-ups: an employer and an estate agency with its long professional card number.
    for organization in (
        OrganizationFactory(name="Transports Saône Logistique", awaiting_verification=True),
        OrganizationFactory(agency=True, name="Agence immobilière des Brotteaux", awaiting_verification=True),
    ):
        MembershipFactory(
            organization=organization,
            role=Membership.Role.HR if organization.kind == Organization.Kind.EMPLOYER else Membership.Role.AGENT,
            user__email=f"inscription-{organization.pk}@entreprise-tres-longue-adresse.example",
        )
    return {
        "offer": offer,
        "agent": agent,
        "member": member.user,
        "hr": hr,
        "advisor": advisor,
        "applicant": demand.owner,
        "application": proposed,
        "session": session,
    }


def test_public_pages_fit_a_phone(phone):
    page = phone()
    loan = f"{reverse('aids:loan')}?{urlencode(OFFICIAL_EXAMPLE)}"
    _walk(
        page,
        [
            "/",
            reverse("eligibility:ceilings"),
            reverse("registry:file_start"),
            reverse("aids:catalogue"),
            loan,
            f"{loan}&tableau=complet",
            reverse("forum:index"),
            reverse("account_login"),
        ],
    )


def test_the_applicants_pages_fit_a_phone_once_a_home_is_proposed(phone, world):
    page = phone(world["applicant"])
    _walk(
        page,
        [
            reverse("home:dashboard"),
            reverse("demands:situation"),
            reverse("demands:information"),
            reverse("offers:list"),
            reverse("offers:detail", args=[world["offer"].pk]),
            reverse("applications:list"),
            reverse("documents:checklist"),
            reverse("aids:mine"),
            reverse("moving:checklist"),
            reverse("notifications:index"),
        ],
    )
    page.goto(reverse("applications:list"))
    card = page.locator(f"#candidature-{world['application'].pk}")
    badge, box = card.locator(".badge").first.bounding_box(), card.bounding_box()
    assert badge["x"] + badge["width"] <= box["x"] + box["width"] + 1  # the step label stays in its card
    page.get_by_role("button", name="Ouvrir le menu").click()
    page.get_by_role("navigation", name="Navigation principale").locator(
        "summary", has_text="Aides et services"
    ).click()
    expect(page.get_by_role("link", name="Mes aides")).to_be_visible()


def test_the_landlords_and_the_commissions_pages_fit_a_phone(phone, world):
    offer, session = world["offer"], world["session"]
    page = phone(world["agent"])
    _walk(
        page,
        [
            reverse("landlords:dashboard"),
            reverse("landlords:offer_applicants", args=[offer.pk]),
            reverse("landlords:application", args=[world["application"].pk]),
        ],
    )
    # The dashboard's table is a list of cards: each cell says what it is.
    page.goto(reverse("landlords:dashboard"))
    expect(page.locator("td[data-label='Commune']").first).to_be_visible()
    page = phone(world["member"])
    _walk(
        page,
        [
            reverse("commission:dashboard"),
            reverse("commission:session", args=[session.pk]),
            reverse("commission:minutes", args=[session.pk]),
            reverse("commission:close", args=[session.pk]),
        ],
    )


def test_the_employers_and_the_advisors_pages_fit_a_phone(phone, world):
    page = phone(world["hr"])
    _walk(page, [reverse("employers:dashboard"), reverse("employers:agreements")])
    page = phone(world["advisor"])
    _walk(
        page,
        [
            reverse("advisors:queue"),
            reverse("advisors:employers"),
            reverse("aid_advisors:queue"),
            reverse("support_advisors:caseload"),
            reverse("contact:inbox"),
        ],
    )
