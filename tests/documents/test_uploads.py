import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from PIL import Image

from logis.documents.models import Piece, PieceFile, PieceVersion
from logis.documents.services import Upload, piece_upload
from logis.documents.storage import document_storage
from logis.documents.validation import MAX_FILE_BYTES
from tests.documents import files
from tests.documents.conftest import storage_files

pytestmark = pytest.mark.django_db


def _upload_url(kind="tax_notice", holder="demandeur"):
    url = reverse("documents:upload", args=[kind])
    return f"{url}?personne={holder}" if holder else url


def _post(client, upload, *, kind="tax_notice", holder="demandeur", data=None):
    return client.post(_upload_url(kind, holder), {"files": [upload], **(data or {})})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _assert_nothing_stored():
    assert storage_files() == []
    assert not Piece.objects.exists()
    assert not PieceVersion.objects.exists()
    assert not PieceFile.objects.exists()


@pytest.fixture
def owner_client(client, demand):
    client.force_login(demand.owner)
    return client


def test_a_pdf_is_stored_under_a_random_name_in_the_private_storage(owner_client, demand):
    response = _post(owner_client, SimpleUploadedFile("avis 2024.pdf", files.text_pdf(), "application/pdf"))
    assert response.status_code == 302
    stored = PieceFile.objects.get()
    assert stored.original_name == "avis 2024.pdf"
    assert "avis" not in stored.storage_name
    assert [path.name for path in storage_files()] == [stored.storage_name.split("/")[-1]]
    assert stored.version.piece.holder_label == "Camille Martin"
    assert stored.version.uploaded_by == demand.owner


def test_several_files_make_one_piece(owner_client):
    uploads = [SimpleUploadedFile(f"page{i}.png", files.png(), "image/png") for i in (1, 2)]
    response = owner_client.post(reverse("documents:upload", args=["payslips"]), {"files": uploads})
    assert response.status_code == 302
    assert PieceFile.objects.filter(version__piece__kind="payslips").count() == 2
    assert len(storage_files()) == 2


def test_a_photo_is_reencoded_without_its_metadata(demand):
    original = files.jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()
    version = piece_upload(
        demand=demand,
        kind="identity",
        variant="cni",
        uploads=[Upload("photo.jpg", original)],
        by=demand.owner,
    )
    stored = version.files.get()
    content = document_storage().open(stored.storage_name).read()
    assert stored.content_type == "image/jpeg"
    assert b"TelephoneSecret" not in content
    assert not Image.open(io.BytesIO(content)).getexif()


def test_a_text_file_renamed_pdf_is_refused(owner_client):
    upload = SimpleUploadedFile("avis.pdf", b"Ceci est un texte, pas un PDF.", "application/pdf")
    response = _post(owner_client, upload)
    assert response.status_code == 400
    assert "n'est ni un PDF ni une image JPEG ou PNG" in _text(response)
    _assert_nothing_stored()


def test_an_oversized_file_is_refused(owner_client):
    big = files.text_pdf() + b"%" + b"0" * MAX_FILE_BYTES
    response = _post(owner_client, SimpleUploadedFile("gros.pdf", big, "application/pdf"))
    assert response.status_code == 400
    assert "dépasse la taille maximale de 10 Mo" in _text(response)
    _assert_nothing_stored()


def test_a_path_traversal_filename_reaches_nothing_on_disk(owner_client, settings, tmp_path):
    """The name is sent raw in the multipart body; the content (a passwd file) is refused, nothing is written."""
    body = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="files"; filename="../../etc/passwd.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
        "root:x:0:0:root:/root:/bin/bash\r\n"
        f"--{BOUNDARY}--\r\n"
    ).encode()
    response = owner_client.generic("POST", _upload_url(), body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 400
    assert "« passwd.pdf » n'est ni un PDF" in _text(response)
    _assert_nothing_stored()
    assert not (tmp_path / "etc").exists()
    assert not list(tmp_path.rglob("passwd*"))


def test_a_valid_pdf_with_a_path_traversal_name_is_stored_under_a_random_name(demand):
    version = piece_upload(
        demand=demand,
        kind="tax_notice",
        holder="demandeur",
        uploads=[Upload("../../etc/passwd.pdf", files.text_pdf())],
        by=demand.owner,
    )
    stored = version.files.get()
    assert stored.original_name == "passwd.pdf"
    assert ".." not in stored.storage_name
    assert "passwd" not in stored.storage_name
    assert len(storage_files()) == 1


def test_a_zip_bomb_disguised_as_pdf_is_refused(owner_client):
    bomb = files.zip_bomb_pdf(200)
    assert len(bomb) < 1024 * 1024  # 200 MB of zeros in a few hundred kilobytes
    response = _post(owner_client, SimpleUploadedFile("avis.pdf", bomb, "application/pdf"))
    assert response.status_code == 400
    assert "données compressées anormalement volumineuses" in _text(response)
    _assert_nothing_stored()


@pytest.mark.parametrize(
    "content",
    [files.EICAR, files.text_pdf() + files.EICAR, files.pdf_with_stream(files.EICAR, flate=False)],
    ids=["bare", "appended-to-a-pdf", "inside-a-pdf-stream"],
)
def test_the_eicar_test_string_is_refused(owner_client, content):
    response = _post(owner_client, SimpleUploadedFile("avis.pdf", content, "application/pdf"))
    assert response.status_code == 400
    assert "refusé par le contrôle antivirus" in _text(response)
    _assert_nothing_stored()


def test_the_eicar_string_hidden_in_a_compressed_stream_is_refused(demand):
    import zlib

    from logis.documents.validation import UploadRefused

    pdf = files.pdf_with_stream(zlib.compress(b"BT ET " + files.EICAR), flate=True)
    with pytest.raises(UploadRefused, match="antivirus"):
        piece_upload(demand=demand, kind="payslips", uploads=[Upload("a.pdf", pdf)], by=demand.owner)
    _assert_nothing_stored()


def test_an_empty_file_is_refused(owner_client):
    response = _post(owner_client, SimpleUploadedFile("vide.pdf", b"", "application/pdf"))
    assert response.status_code == 400
    assert "Le fichier « vide.pdf » est vide" in _text(response)
    _assert_nothing_stored()


def test_one_bad_file_among_good_ones_stores_nothing(owner_client):
    uploads = [
        SimpleUploadedFile("page1.pdf", files.text_pdf(), "application/pdf"),
        SimpleUploadedFile("page2.pdf", b"texte", "application/pdf"),
    ]
    response = owner_client.post(reverse("documents:upload", args=["payslips"]), {"files": uploads})
    assert response.status_code == 400
    assert "« page2.pdf »" in _text(response)
    _assert_nothing_stored()


def test_an_encrypted_pdf_is_refused(demand):
    from pypdf import PdfWriter

    from logis.documents.validation import UploadRefused

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UploadRefused, match="protégé par un mot de passe"):
        piece_upload(demand=demand, kind="payslips", uploads=[Upload("a.pdf", out.getvalue())], by=demand.owner)
    _assert_nothing_stored()


def test_the_error_is_tied_to_the_file_field(owner_client):
    response = _post(owner_client, SimpleUploadedFile("vide.pdf", b"", "application/pdf"))
    page = _text(response)
    assert 'id="id_files_error"' in page
    assert 'aria-describedby="id_files_error' in page
    assert 'accept="application/pdf,image/jpeg,image/png' in page


def test_an_invalid_iban_is_refused_with_what_to_do(owner_client):
    response = _post(
        owner_client,
        SimpleUploadedFile("rib.pdf", files.text_pdf(), "application/pdf"),
        kind="bank_details",
        holder="",
        data={"iban": "FR76 3000 6000 0112 3456 7890 188"},
    )
    assert response.status_code == 400
    assert "Cet IBAN n'est pas valide" in _text(response)
    _assert_nothing_stored()


def test_a_valid_iban_is_kept_compact(owner_client):
    response = _post(
        owner_client,
        SimpleUploadedFile("rib.pdf", files.text_pdf(), "application/pdf"),
        kind="bank_details",
        holder="",
        data={"iban": "fr76 3000 6000 0112 3456 7890 189"},
    )
    assert response.status_code == 302
    assert PieceVersion.objects.get().iban == "FR7630006000011234567890189"


def test_a_residence_permit_needs_its_expiry_date(owner_client):
    response = _post(
        owner_client,
        SimpleUploadedFile("titre.pdf", files.text_pdf(), "application/pdf"),
        kind="identity",
        holder="",
        data={"variant": "residence_permit"},
    )
    assert response.status_code == 400
    assert "date de fin de validité de votre titre de séjour" in _text(response)
    _assert_nothing_stored()


def test_a_tax_notice_for_someone_outside_the_household_is_not_found(owner_client):
    upload = SimpleUploadedFile("avis.pdf", files.text_pdf(), "application/pdf")
    assert _post(owner_client, upload, holder="inconnu").status_code == 404


def test_encode_multipart_keeps_the_raw_filename():
    """Guard for the path-traversal test: Django's test encoder would strip the directories itself."""
    body = encode_multipart(BOUNDARY, {"files": SimpleUploadedFile("../../etc/passwd.pdf", b"x")})
    assert b'filename="passwd.pdf"' in body


def test_stored_files_are_private_and_have_no_public_url(demand):
    version = piece_upload(
        demand=demand, kind="payslips", uploads=[Upload("p.pdf", files.text_pdf())], by=demand.owner
    )
    name = version.files.get().storage_name
    (path,) = storage_files()
    assert path.stat().st_mode & 0o077 == 0  # readable by the application's user only
    with pytest.raises(ValueError, match="no public URL"):
        document_storage().url(name)


def test_a_post_without_a_file_says_to_choose_one(owner_client):
    response = owner_client.post(_upload_url())
    assert response.status_code == 400
    assert "Choisissez au moins un fichier à envoyer." in _text(response)
    _assert_nothing_stored()
