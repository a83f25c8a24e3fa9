import pytest
from django.db import transaction
from django.urls import reverse

from logis.applications.models import Application
from logis.documents.models import Piece, PieceFile, PieceVersion
from logis.documents.services import DocumentError, Upload, piece_delete, piece_upload
from tests.documents import files
from tests.documents.conftest import storage_files

pytestmark = pytest.mark.django_db(transaction=True)


def _identity(demand, name="cni.pdf"):
    return piece_upload(
        demand=demand, kind="identity", variant="cni", uploads=[Upload(name, files.text_pdf())], by=demand.owner
    )


def test_replacing_a_piece_keeps_the_history_and_erases_the_old_files(demand):
    first = _identity(demand, "ancienne.pdf")
    old_name = first.files.get().storage_name
    second = _identity(demand, "nouvelle.pdf")
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert first.uploaded_by == demand.owner
    assert list(PieceVersion.objects.values_list("files__original_name", flat=True).order_by("pk")) == [
        "ancienne.pdf",
        "nouvelle.pdf",
    ]
    names = [path.name for path in storage_files()]
    assert old_name.split("/")[-1] not in names
    assert names == [second.files.get().storage_name.split("/")[-1]]


def test_the_history_shows_on_the_checklist(client, demand):
    _identity(demand, "ancienne.pdf")
    _identity(demand, "nouvelle.pdf")
    client.force_login(demand.owner)
    page = client.get(reverse("documents:checklist")).content.decode()
    assert "Historique : 1 version précédente" in page
    assert "ancienne.pdf" in page


def test_a_piece_can_be_deleted_while_no_landlord_has_the_file(client, demand):
    piece = _identity(demand).piece
    client.force_login(demand.owner)
    response = client.post(reverse("documents:delete", args=[piece.pk]))
    assert response.status_code == 302
    assert not Piece.objects.exists()
    assert storage_files() == []


def test_a_piece_cannot_be_deleted_while_an_application_is_in_progress(client, demand, application):
    piece = _identity(demand).piece
    with pytest.raises(DocumentError, match="en cours d'examen par un bailleur"):
        piece_delete(piece=piece, by=demand.owner)
    client.force_login(demand.owner)
    client.post(reverse("documents:delete", args=[piece.pk]))
    assert Piece.objects.exists()
    assert len(storage_files()) == 1
    # Once the application has ended, the file is the applicant's alone again.
    Application.objects.filter(pk=application.pk).update(state="withdrawn")
    piece_delete(piece=piece, by=demand.owner)
    assert storage_files() == []


def test_only_the_owner_deletes_a_piece(client, demand, agent, application):
    piece = _identity(demand).piece
    client.force_login(agent)
    assert client.post(reverse("documents:delete", args=[piece.pk])).status_code == 404
    assert Piece.objects.exists()


def test_deleting_the_account_erases_the_files_at_once(demand):
    _identity(demand)
    piece_upload(
        demand=demand,
        kind="payslips",
        uploads=[Upload("a.png", files.png()), Upload("b.png", files.png())],
        by=demand.owner,
    )
    assert len(storage_files()) == 3
    with transaction.atomic():
        demand.owner.delete()
    assert not PieceFile.objects.exists()
    assert storage_files() == []


def test_a_rolled_back_deletion_keeps_the_files(demand):
    _identity(demand)

    def delete_then_fail():
        with transaction.atomic():
            demand.owner.delete()
            raise RuntimeError("échec simulé après la suppression")

    with pytest.raises(RuntimeError, match="échec simulé après la suppression"):
        delete_then_fail()
    assert PieceFile.objects.count() == 1
    assert len(storage_files()) == 1
