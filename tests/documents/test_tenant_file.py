"""« Mon dossier locataire »: shared with one agency or owner at a time, by a link that expires and can be revoked;
every opening logged and shown to the applicant; a watermark naming the recipient on the page and the pieces."""

import datetime as dt
import html
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from logis.audit.models import SensitiveRead
from logis.documents import tenant_file
from logis.documents.models import TenantFileOpening, TenantFileShare
from logis.documents.services import Upload, piece_upload
from tests.documents import files
from tests.factories import ApplicationFactory, MembershipFactory, OfferFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The page as read: without tags, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def agency(db):
    return OrganizationFactory(agency=True, name="Agence des Terreaux")


@pytest.fixture
def agent(agency):
    return MembershipFactory(organization=agency, user__first_name="Lucie", user__last_name="Moreau").user


@pytest.fixture
def application(demand, agency):
    return ApplicationFactory(demand=demand, offer=OfferFactory(private=True, landlord=agency))


@pytest.fixture
def payslips(demand):
    version = piece_upload(
        demand=demand, kind="payslips", uploads=[Upload("bulletin.pdf", files.text_pdf("Bulletin"))], by=demand.owner
    )
    return version.files.get()


def share_link(client, demand, agency, days=7):
    client.force_login(demand.owner)
    response = client.post(
        reverse("documents:tenant_file_share"), {"share-organization": agency.pk, "share-days": days}
    )
    assert response.status_code == 200, text(response)
    return re.search(r"/dossier-locataire/[\w-]+/", response.context["new_link"]).group(0)


def test_the_applicant_shares_the_file_with_the_agency_of_an_offer_they_follow(
    client, demand, agency, agent, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = share_link(client, demand, agency)

    share = TenantFileShare.objects.get()
    assert (share.organization, share.revoked_at) == (agency, None)
    assert share.token_hash not in link  # only the SHA-256 of the token is stored
    assert mail.outbox[-1].to == [agent.email]
    assert link in mail.outbox[-1].body
    page = text(client.get(reverse("documents:tenant_file")))
    assert "Partagé avec Agence des Terreaux" in page
    assert "une seule agence ou un seul propriétaire à la fois" in page


def test_the_file_goes_only_to_an_agency_whose_offer_the_applicant_follows(client, demand, application):
    stranger = OrganizationFactory(agency=True)
    client.force_login(demand.owner)
    response = client.post(
        reverse("documents:tenant_file_share"), {"share-organization": stranger.pk, "share-days": 7}
    )
    assert response.status_code == 400
    assert not TenantFileShare.objects.exists()


def test_the_agency_opens_it_the_opening_is_logged_shown_to_the_applicant_and_watermarked(
    client, demand, agency, agent, application, payslips
):
    link = share_link(client, demand, agency)
    client.force_login(agent)

    response = client.get(link)

    page = text(response)
    assert response.status_code == 200
    assert "Dossier locataire transmis à Agence des Terreaux — ouvert par Lucie Moreau" in page
    assert "Bulletins de salaire récents" in page
    assert "no-store" in response["Cache-Control"]
    opening = TenantFileOpening.objects.get()
    assert opening.by == agent
    assert "Agence des Terreaux" in opening.by_label
    read = SensitiveRead.objects.get(actor=agent)
    assert (read.purpose, read.organization, read.watermarked) == ("tenant_file", "Agence des Terreaux", True)
    client.force_login(demand.owner)
    assert "Lucie Moreau (Agence des Terreaux) : Dossier locataire (page)" in text(
        client.get(reverse("documents:tenant_file"))
    )


def test_a_piece_downloaded_from_the_shared_file_carries_the_recipients_name(
    client, demand, agency, agent, application, payslips
):
    share_link(client, demand, agency)
    share = TenantFileShare.objects.get()
    client.force_login(agent)

    response = client.get(reverse("tenant_files:piece", args=[share.pk, payslips.pk]))

    assert response.status_code == 200
    stamped = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Agence des Terreaux" in stamped
    assert TenantFileOpening.objects.filter(what__startswith="Bulletins de salaire").exists()


def test_a_forwarded_link_shows_nothing_to_anyone_else(client, demand, agency, application, payslips):
    link = share_link(client, demand, agency)
    other = MembershipFactory(organization=OrganizationFactory(agency=True), user__last_name="Dupuis").user
    client.force_login(other)

    response = client.get(link)

    assert response.status_code == 404
    assert "ne s'ouvre que pour ses destinataires" in text(response)
    assert demand.owner.email not in text(response)
    assert "Bulletins de salaire" not in text(response)
    share = TenantFileShare.objects.get()
    assert client.get(reverse("tenant_files:piece", args=[share.pk, payslips.pk])).status_code == 404
    assert not TenantFileOpening.objects.exists()
    client.logout()
    assert client.get(link).status_code in (302, 404)  # signed out: the login page, never the file


def test_an_expired_link_is_refused_with_what_to_do(client, demand, agency, agent, application):
    link = share_link(client, demand, agency, days=1)
    TenantFileShare.objects.update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client.force_login(agent)
    response = client.get(link)
    assert response.status_code == 404
    assert "Ce lien a expiré" in text(response)


def test_a_revoked_link_is_refused_and_a_new_share_revokes_the_previous_one(
    client, demand, agency, agent, application
):
    link = share_link(client, demand, agency)
    other_agency = OrganizationFactory(agency=True, name="Immobilière du Parc")
    ApplicationFactory(demand=demand, offer=OfferFactory(private=True, landlord=other_agency))
    share_link(client, demand, other_agency)  # one recipient at a time
    assert TenantFileShare.objects.filter(revoked_at__isnull=True).get().organization == other_agency
    client.force_login(agent)
    assert "a retiré ce partage" in text(client.get(link))

    client.force_login(demand.owner)
    current = TenantFileShare.objects.get(revoked_at__isnull=True)
    client.post(reverse("documents:tenant_file_revoke", args=[current.pk]))
    assert not TenantFileShare.objects.filter(revoked_at__isnull=True).exists()


def test_the_share_days_stay_within_the_bounds(client, demand, agency, application):
    client.force_login(demand.owner)
    response = client.post(reverse("documents:tenant_file_share"), {"share-organization": agency.pk, "share-days": 31})
    assert response.status_code == 400
    assert "Choisissez au plus 30 jours." in text(response)


def test_the_file_never_holds_the_income_exception_the_household_nor_the_accessibility_need(demand):
    demand.income_exception = "violence"
    demand.accessibility_needed = True
    demand.household = [{"first_name": "Sacha", "has_disability": True}]
    demand.save()
    view = tenant_file.tenant_file_of(demand)
    assert set(view.__dataclass_fields__) == {
        "full_name",
        "email",
        "household_size",
        "employer",
        "employment_start",
        "monthly_resources",
        "reference_income",
        "visale_visa",
        "guarantor_name",
        "pieces",
    }


def test_a_visale_visa_number_is_recorded_as_the_guarantee(client, demand):
    client.force_login(demand.owner)
    client.post(
        reverse("documents:tenant_file"), {"guarantee-visale_visa": "v 1234 5678 9", "guarantee-guarantor_name": ""}
    )
    assert tenant_file.tenant_file_of(demand).guarantee_label == "Garantie Visale, visa n° V123456789"
    refused = client.post(
        reverse("documents:tenant_file"), {"guarantee-visale_visa": "12/34", "guarantee-guarantor_name": ""}
    )
    assert refused.status_code == 400


def test_the_agency_never_opens_the_pieces_of_the_social_file_through_the_application(
    client, demand, agency, agent, application, payslips
):
    client.force_login(agent)
    assert client.get(reverse("documents:file_download", args=[payslips.pk])).status_code == 404
    assert client.get(reverse("documents:summary", args=[application.pk])).status_code == 404
