"""The allocation journey in a real Chromium: the agent validates → CALEOL decision → the applicant accepts →
visit → lease, each person in their own browser, reading the e-mails the platform sends."""

import datetime as dt
import os
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from logis.accounts.models import User
from logis.applications.models import Application
from logis.landlords.models import Visit
from logis.offers.models import Offer
from logis.organizations.models import Membership
from logis.registry.models import RegisteredDemand
from tests.browser.conftest import CHROMIUM  # noqa: F401 - the browser fixture lives there
from tests.commission.factories import CommissionSessionFactory
from tests.factories import (
    PASSWORD,
    ApplicationFactory,
    MembershipFactory,
    OfferFactory,
    RegisteredDemandFactory,
    UserFactory,
    totp_code,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    """Screenshots for a person to look at (set SCREENSHOTS_DIR); the test asserts, the pictures inform."""
    if directory := os.environ.get("SCREENSHOTS_DIR"):
        page.screenshot(path=f"{directory}/{name}.png", full_page=True)


def last_email_to(address: str):
    messages = [m for m in mail.outbox if address in m.to]
    assert messages, f"no e-mail was sent to {address}"
    return messages[-1]


@pytest.fixture
def people(live_server):
    offer = OfferFactory(title="T3 avec balcon près du parc")
    agent = MembershipFactory(
        organization=offer.landlord, user__email="agent@bailleur.fr", user__first_name="Hugo"
    ).user
    member = MembershipFactory(
        organization=offer.landlord,
        role=Membership.Role.COMMISSION,
        user__email="membre@bailleur.fr",
        user__first_name="Inès",
        user__last_name="Morel",
    )
    session = CommissionSessionFactory(
        landlord=offer.landlord, held_at=timezone.now() - dt.timedelta(hours=1), place="Salle du conseil"
    )
    session.members.set([member])
    applicants = []
    for first, last in (("Nadia", "Roussel"), ("Paul", "Lemoine"), ("Zoé", "Faure")):
        owner = UserFactory(email=f"{first.lower()}@exemple.fr", first_name=first, last_name=last)
        application = ApplicationFactory(offer=offer, demand__owner=owner)
        RegisteredDemandFactory(numero_unique=application.demand.numero_unique, email=owner.email)
        applicants.append(application)
    return {"offer": offer, "agent": agent, "member": member.user, "session": session, "applicants": applicants}


def _logged_in(browser, live_server, email):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/compte/login/")
    page.get_by_label(re.compile("e-mail", re.IGNORECASE)).first.fill(email)
    page.get_by_label(re.compile(r"^\s*Mot de passe")).first.fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:  # professionals: the code of their authenticator application
        page.get_by_label("Code").fill(totp_code(user=User.objects.get(email=email)))
        page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return context, page


def test_agent_validates_caleol_decides_applicant_accepts_visit_then_lease(browser, live_server, settings, people):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    offer, applicants = people["offer"], people["applicants"]
    nadia = applicants[0]

    # The agent validates the three files from the offer's ranking, then puts them on the CALEOL's agenda.
    context, page = _logged_in(browser, live_server, "agent@bailleur.fr")
    page.goto("/bailleur/")
    page.get_by_role("link", name=f"Candidats pour {offer.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(offer.title)
    for application in applicants:
        name = application.demand.owner.get_full_name()
        page.get_by_role("button", name=f"Valider le dossier de {name}").click()
        expect(page.locator(f"#candidat-{application.pk}")).to_contain_text("Dossier validé par le bailleur")
    for application in applicants:
        page.get_by_label(re.compile(application.demand.owner.get_full_name())).check()
    shot(page, "allocation_01_ranking")
    page.get_by_role("button", name="Inscrire à l'ordre du jour").click()
    expect(page.get_by_role("status").or_(page.locator(".alert-success")).first).to_contain_text("ordre du jour")
    context.close()
    assert {a.state for a in Application.objects.filter(offer=offer)} == {"in_commission"}

    # The commission member records one decision per candidate: Nadia first, Paul second, Zoé irrecevable.
    context, page = _logged_in(browser, live_server, "membre@bailleur.fr")
    page.goto(f"/commission/seances/{people['session'].pk}/")
    decisions = [(applicants[0], "1", ""), (applicants[1], "2", ""), (applicants[2], "", "Titre de séjour expiré")]
    for application, rank, reason in decisions:
        item = page.locator("li", has_text=application.demand.owner.get_full_name()).first
        item.locator("summary", has_text="Décider").click()
        if rank:
            item.get_by_role("radio", name="Attribution avec classement").check()
            item.get_by_label(re.compile(r"^\s*Rang")).fill(rank)
        else:
            item.get_by_role("radio", name="Irrecevabilité").check()
            item.get_by_label(re.compile(r"^\s*Catégorie du motif")).select_option("residence_permit")
            item.get_by_label(re.compile(r"^\s*Motif")).fill(reason)
        item.get_by_role("button", name="Enregistrer la décision").click()
        expect(page.locator(".alert-success").first).to_contain_text("Décision enregistrée")
    shot(page, "allocation_02_session")
    page.get_by_role("button", name="Arrêter le procès-verbal").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Arrêter le procès-verbal")  # asks first
    page.get_by_role("button", name="Confirmer : arrêter le procès-verbal").click()
    expect(page.locator(".minutes")).to_contain_text("Procès-verbal arrêté")
    shot(page, "allocation_03_minutes")
    context.close()
    assert "répondez au plus tard le" in last_email_to(nadia.demand.owner.email).subject
    assert "Motif : Titre de séjour expiré" in last_email_to("zoé@exemple.fr").body

    # Nadia accepts the dwelling in "Mes candidatures".
    context, page = _logged_in(browser, live_server, nadia.demand.owner.email)
    page.goto("/candidatures/")
    expect(page.get_by_text("Le logement vous est proposé.")).to_be_visible()
    shot(page, "allocation_04_offer_made")
    page.get_by_role("button", name="Accepter le logement").click()
    expect(page.locator(f"#candidature-{nadia.pk}")).to_contain_text("Proposition acceptée")
    context.close()

    # The agent schedules the visit, then records the signed lease.
    context, page = _logged_in(browser, live_server, "agent@bailleur.fr")
    page.goto(f"/bailleur/candidatures/{nadia.pk}/")
    when = (timezone.localtime() + dt.timedelta(days=3)).replace(hour=17, minute=15)
    page.get_by_label("Date et heure de la visite").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu de rendez-vous").fill("Devant le hall B")
    page.get_by_role("button", name="Programmer la visite").click()
    expect(page.locator(".alert-success").first).to_contain_text("Visite programmée")
    assert "17h15" in last_email_to(nadia.demand.owner.email).body
    page.get_by_label("Date de signature du bail").fill(timezone.localdate().isoformat())
    shot(page, "allocation_05_visit")
    page.get_by_role("button", name="Enregistrer le bail signé").click()
    # Before the visit the lease is refused, with the visit's date, and the date typed stays.
    expect(page.locator(".alert-danger").first).to_contain_text("La visite est prévue le")
    expect(page.get_by_label("Date de signature du bail")).to_have_value(timezone.localdate().isoformat())
    # The visit takes place (the test moves it to an hour ago), the lease is signed the same day.
    Visit.objects.filter(application=nadia).update(at=timezone.now() - dt.timedelta(hours=1))
    page.goto(f"/bailleur/candidatures/{nadia.pk}/")
    page.get_by_label("Date de signature du bail").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer le bail signé").click()
    expect(page.locator(".alert-success").first).to_contain_text("Bail enregistré")
    context.close()

    nadia.refresh_from_db()
    offer.refresh_from_db()
    assert nadia.state == "lease_signed"
    assert offer.status == Offer.Status.CLOSED
    assert RegisteredDemand.objects.get(numero_unique=nadia.demand.numero_unique).status == "attributed"
    assert Application.objects.get(pk=applicants[1].pk).state == "lapsed"
    assert "Bail signé" in last_email_to(nadia.demand.owner.email).subject
