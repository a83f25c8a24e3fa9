import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from logis.applications.models import Application
from logis.audit.models import SensitiveRead as AccessLog
from logis.documents.services import Upload, piece_upload
from logis.documents.storage import document_storage
from tests.documents import files
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tax_notice(demand):
    version = piece_upload(
        demand=demand,
        kind="tax_notice",
        holder="demandeur",
        uploads=[Upload("avis.pdf", files.text_pdf("Avis impot 2024"))],
        by=demand.owner,
    )
    return version.files.get()


@pytest.fixture
def photo(demand):
    version = piece_upload(
        demand=demand, kind="identity", variant="cni", uploads=[Upload("cni.png", files.png())], by=demand.owner
    )
    return version.files.get()


def _download(client, user, piece_file):
    client.force_login(user)
    return client.get(reverse("documents:file_download", args=[piece_file.pk]))


def _pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_owner_downloads_the_original_with_protective_headers(client, demand, tax_notice):
    response = _download(client, demand.owner, tax_notice)
    assert response.status_code == 200
    assert response.content == document_storage().open(tax_notice.storage_name).read()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    log = AccessLog.objects.get()
    assert (log.actor, log.role, log.subject, log.watermarked) == (demand.owner, "applicant", demand.owner, False)
    assert (log.purpose, log.what) == ("own_data", "Avis d'imposition de Camille Martin — fichier 1")


def test_the_landlord_agent_gets_a_watermarked_copy_and_the_access_is_logged(
    client, agent, application, tax_notice, offer
):
    response = _download(client, agent, tax_notice)
    assert response.status_code == 200
    text = _pdf_text(response.content)
    assert "Avis impot 2024" in text
    assert f"Document transmis à {offer.landlord.name} pour la candidature n° {application.pk}" in text
    assert "toute autre utilisation est interdite" in text
    log = AccessLog.objects.get()
    assert (log.actor, log.role, log.application, log.watermarked) == (agent, "landlord_agent", application, True)
    assert (log.purpose, log.numero_unique) == ("instruction", application.demand.numero_unique)
    assert log.organization == offer.landlord.name


def test_a_watermarked_image_differs_from_the_original(client, agent, application, photo):
    response = _download(client, agent, photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content != document_storage().open(photo.storage_name).read()


def test_the_operator_advisor_downloads_the_original(client, advisor, demand, tax_notice):
    response = _download(client, advisor, tax_notice)
    assert response.status_code == 200
    assert response.content == document_storage().open(tax_notice.storage_name).read()
    assert AccessLog.objects.get().role == "advisor"


@pytest.mark.usefixtures("application")
def test_another_landlords_agent_gets_404(client, other_agent, tax_notice):
    assert _download(client, other_agent, tax_notice).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.usefixtures("application")
def test_the_employer_gets_404(client, employer_hr, tax_notice):
    assert _download(client, employer_hr, tax_notice).status_code == 404
    assert not AccessLog.objects.exists()


@pytest.mark.usefixtures("application")
def test_a_commission_member_does_not_download_pieces(client, commission_member, tax_notice):
    assert _download(client, commission_member, tax_notice).status_code == 404


def test_the_agent_loses_access_when_the_application_ends(client, agent, application, tax_notice):
    Application.objects.filter(pk=application.pk).update(state="withdrawn")
    assert _download(client, agent, tax_notice).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_agent_of_a_landlord_the_applicant_never_applied_to_gets_404(client, agent, tax_notice):
    assert _download(client, agent, tax_notice).status_code == 404


def test_another_applicant_gets_404(client, tax_notice):
    stranger = ApplicationFactory().demand.owner
    assert _download(client, stranger, tax_notice).status_code == 404


def test_every_access_writes_exactly_one_log_row(client, agent, application, tax_notice, demand):
    for expected in (1, 2, 3):
        assert _download(client, agent, tax_notice).status_code == 200
        assert AccessLog.objects.count() == expected
    _download(client, demand.owner, tax_notice)
    assert AccessLog.objects.count() == 4


def test_a_superseded_file_is_no_longer_served(client, demand, tax_notice):
    piece_upload(
        demand=demand,
        kind="tax_notice",
        holder="demandeur",
        uploads=[Upload("avis2.pdf", files.text_pdf())],
        by=demand.owner,
    )
    assert _download(client, demand.owner, tax_notice).status_code == 404


# --- the file summary ---------------------------------------------------------------------------------------


def _summary(client, user, application):
    client.force_login(user)
    return client.get(reverse("documents:summary", args=[application.pk]))


@pytest.mark.usefixtures("tax_notice")
def test_the_summary_names_the_applicant_and_lists_the_pieces(client, agent, application):
    response = _summary(client, agent, application)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = _pdf_text(response.content)
    assert "Camille Martin" in text
    for label in ("Pièce d'identité", "Avis d'imposition de Camille Martin", "Avis d'imposition de Sacha Durand"):
        assert label in text
    assert "Bulletins de salaire récents" in text  # the landlord's validation comes next
    assert "Fournie" in text
    assert "À fournir" in text
    assert "Éligibilité au logement proposé" in text
    assert "Cotation" in text
    assert "Document transmis à" in text
    log = AccessLog.objects.get()
    assert (log.what, log.application, log.role) == ("Synthèse du dossier (PDF)", application, "landlord_agent")


def test_the_owner_and_the_commission_read_the_summary(client, demand, commission_member, application):
    assert _summary(client, demand.owner, application).status_code == 200
    assert _summary(client, commission_member, application).status_code == 200
    assert list(AccessLog.objects.order_by("pk").values_list("role", flat=True)) == ["applicant", "commission"]


def test_the_summary_is_404_for_another_landlord_and_the_employer(client, other_agent, employer_hr, application):
    assert _summary(client, other_agent, application).status_code == 404
    assert _summary(client, employer_hr, application).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_summary_says_not_evaluated_when_there_is_no_verdict(application):
    from django.template.loader import render_to_string

    from logis.documents.perms import Access
    from logis.documents.summary import summary_context

    context = summary_context(application, access=Access("applicant", application, None)) | {"verdict": None}
    assert "Non évalué" in render_to_string("documents/summary_pdf.html", context)


def test_a_closed_application_shows_the_landlord_no_dead_file_or_summary_link(client, agent, application, tax_notice):
    """Once the application is closed the file is no longer shared (its links answer 404): the landlord's page says
    so instead of offering them (issue #15, 8)."""
    client.force_login(agent)
    open_page = client.get(reverse("landlords:application", args=[application.pk])).content.decode()
    assert reverse("documents:file_download", args=[tax_notice.pk]) in open_page
    assert reverse("documents:summary", args=[application.pk]) in open_page

    Application.objects.filter(pk=application.pk).update(state="withdrawn")
    closed_page = client.get(reverse("landlords:application", args=[application.pk])).content.decode()
    assert reverse("documents:file_download", args=[tax_notice.pk]) not in closed_page
    assert reverse("documents:summary", args=[application.pk]) not in closed_page
    assert "Candidature close : les pièces du dossier ne sont plus transmises au bailleur" in closed_page
    # The links it no longer shows would have been dead.
    assert client.get(reverse("documents:summary", args=[application.pk])).status_code == 404
    assert client.get(reverse("documents:file_download", args=[tax_notice.pk])).status_code == 404
