import datetime as dt
import html

import pytest
from django.urls import reverse

from logis.documents.services import Upload, piece_upload
from tests.documents import files
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(client, user, name="documents:checklist", **kwargs) -> str:
    client.force_login(user)
    response = client.get(reverse(name, **kwargs))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_without_a_demand_the_page_says_to_import_it(client):
    page = _page(client, UserFactory())
    assert "importer votre demande dans « Ma situation »" in page


def test_the_checklist_says_what_to_upload_for_each_stage(client, demand):
    page = _page(client, demand.owner)
    for title in (
        "Avec votre candidature",
        "Pour la validation du dossier par le bailleur",
        "Pour la commission d'attribution (CALEOL)",
        "Pour la signature du bail",
    ):
        assert title in page
    assert "Prochaine étape : avec votre candidature." in page
    assert "Vous pouvez postuler sans les attendre, mais le bailleur les examine en premier" in page
    assert "3 pièces à fournir ou à renouveler." in page
    assert "Avis d'imposition de Sacha Durand" in page
    assert "?personne=sacha-durand-1988-02-03" in page


def test_an_expired_residence_permit_is_flagged_on_the_page(client, demand):
    piece_upload(
        demand=demand,
        kind="identity",
        variant="residence_permit",
        expires_on=dt.date(2020, 3, 3),
        uploads=[Upload("titre.pdf", files.text_pdf())],
        by=demand.owner,
    )
    page = _page(client, demand.owner)
    assert "À renouveler" in page
    assert "Votre titre de séjour a expiré le 3 mars 2020" in page


@pytest.mark.usefixtures("application")
def test_with_an_application_the_next_stage_is_the_landlords_validation(client, demand):
    page = _page(client, demand.owner)
    assert "Prochaine étape : pour la validation du dossier par le bailleur." in page
    assert "pas la supprimer tant que votre candidature est en cours" in page


def test_the_checklist_query_count_is_bounded(client, demand, django_assert_max_num_queries):
    for kind in ("payslips", "employment"):
        piece_upload(
            demand=demand,
            kind=kind,
            variant="contract" if kind == "employment" else "",
            uploads=[Upload("a.pdf", files.text_pdf())],
            by=demand.owner,
        )
    client.force_login(demand.owner)
    with django_assert_max_num_queries(20):
        client.get(reverse("documents:checklist"))


def test_the_upload_page_has_labelled_fields_and_accepts_only_our_types(client, demand):
    page = _page(client, demand.owner, "documents:upload", args=["identity"])
    assert '<label class="form-label" for="id_files">' in page
    assert 'accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"' in page
    assert "Titre de séjour" in page
    assert 'id="upload-progress"' in page
    assert 'aria-live="polite"' in page


def test_the_dashboard_panel_lists_what_is_missing_for_the_next_stage(client, demand):
    page = _page(client, demand.owner, "home:dashboard")
    assert "Mon dossier" in page
    assert "Il reste à fournir" in page
    assert "Avis d'imposition de Camille Martin" in page


def test_who_consulted_my_file(client, demand, agent, application, offer):
    version = piece_upload(
        demand=demand,
        kind="tax_notice",
        holder="demandeur",
        uploads=[Upload("avis.pdf", files.text_pdf())],
        by=demand.owner,
    )
    client.force_login(agent)
    client.get(reverse("documents:file_download", args=[version.files.get().pk]))
    page = _page(client, demand.owner, "documents:access_log")
    assert "Alex Martin" in page
    assert offer.landlord.name in page
    assert f"n° {application.pk}" in page
    assert "Avis d'imposition de Camille Martin — fichier 1" in page
    assert "(copie filigranée)" in page
    assert "Alex Martin" in _page(client, demand.owner)


def test_the_application_pieces_fragment_links_each_file_and_the_summary(demand, application):
    from django.template import Context, Template

    version = piece_upload(
        demand=demand,
        kind="tax_notice",
        holder="demandeur",
        uploads=[Upload("avis.pdf", files.text_pdf(pages=2))],
        by=demand.owner,
    )
    rendered = Template("{% load document_panels %}{% application_pieces application %}").render(
        Context({"application": application})
    )
    assert reverse("documents:file_download", args=[version.files.get().pk]) in rendered
    assert reverse("documents:summary", args=[application.pk]) in rendered
    assert "2 pages" in rendered
    assert "Bulletins de salaire récents" in rendered  # the landlord's validation is the next stage


def test_an_application_sent_without_its_pieces_says_what_the_landlord_waits_for_and_where_to_upload(
    client, demand, offer
):
    """Applying does not need the pieces (issue #15, 2): Mes candidatures then says which ones the landlord waits
    for, with the link to upload them."""
    ApplicationFactory(demand=demand, offer=offer)
    page = " ".join(_page(client, demand.owner, "applications:list").split())
    assert "Le bailleur attend" in page
    assert "pièces pour étudier votre dossier" in page
    assert "Avis d'imposition de Sacha Durand" in page
    assert f'href="{reverse("documents:checklist")}">Déposer mes pièces dans « Mon dossier »' in page
