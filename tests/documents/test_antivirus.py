"""The antivirus of the uploads: a real clamd (private, on a local signature database), and the quarantine that
keeps the uploads made while it is down until a later scan."""

import html
import zlib

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from logis.documents.antivirus import ClamdScanner, ScannerUnavailable
from logis.documents.models import PieceFile, PieceVersion
from logis.documents.selectors import pieces_for_application
from logis.documents.services import Upload, piece_upload, quarantine_scan
from logis.documents.storage import document_storage
from logis.documents.validation import UploadRefused, inspect_upload
from tests.documents import files
from tests.documents.conftest import storage_files
from tests.support.documents_services import TEST_SIGNATURE, free_port

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("documents:upload", args=["identity"])


def _infected_pdf() -> bytes:
    """A valid PDF carrying Logis's own test signature, which only clamd knows (not the built-in check)."""
    return files.text_pdf("Carte " + TEST_SIGNATURE.decode())


def _post_identity(client, content: bytes, name: str = "carte.pdf"):
    return client.post(
        UPLOAD_URL,
        {"files": [SimpleUploadedFile(name, content, "application/pdf")], "variant": "cni"},
        follow=True,
    )


def _text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def clamd_down(settings):
    """clamd configured but not running: nothing listens on its port."""
    settings.ANTIVIRUS_BACKEND = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{free_port()}"
    settings.CLAMD_TIMEOUT = 2


@pytest.fixture
def owner_client(client, demand):
    client.force_login(demand.owner)
    return client


# --- the scanner itself -------------------------------------------------------------------------------------


@pytest.mark.parametrize("address", ["socket_path", "tcp_address"])
def test_clamd_tells_a_clean_file_from_an_infected_one_on_a_socket_and_over_tcp(clamd_server, address):
    scanner = ClamdScanner(getattr(clamd_server, address), timeout=10)
    assert scanner.scan(files.text_pdf()).infected is False
    verdict = scanner.scan(b"page 1\n" + TEST_SIGNATURE + b"\npage 2")
    assert verdict.infected
    assert verdict.signature == "Logis.Test.Signature.UNOFFICIAL"
    assert scanner.scan(files.EICAR).signature == "Logis.Test.Eicar.UNOFFICIAL"


def test_clamd_finds_a_signature_hidden_in_a_compressed_pdf_stream(clamd_server):
    hidden = files.pdf_with_stream(zlib.compress(b"BT (" + TEST_SIGNATURE + b") Tj ET"), flate=True)
    assert TEST_SIGNATURE not in hidden
    assert ClamdScanner(clamd_server.socket_path).scan(hidden).infected


def test_a_file_larger_than_one_chunk_is_streamed_whole(clamd_server):
    content = b"\0" * (600 * 1024) + TEST_SIGNATURE  # past the second chunk of the stream
    assert ClamdScanner(clamd_server.tcp_address).scan(content).infected


def test_an_unreachable_clamd_is_unavailable_not_clean(tmp_path):
    for address in (str(tmp_path / "absent.sock"), f"127.0.0.1:{free_port()}"):
        scanner = ClamdScanner(address, timeout=1)
        assert scanner.ping() is False
        with pytest.raises(ScannerUnavailable, match="clamd unreachable"):
            scanner.scan(b"data")


def test_inspect_upload_refuses_what_clamd_finds_and_flags_what_it_could_not_scan(clamd_server):
    with pytest.raises(UploadRefused, match="refusé par le contrôle antivirus"):
        inspect_upload(_infected_pdf(), name="carte.pdf", scanner=ClamdScanner(clamd_server.socket_path))
    unscanned = inspect_upload(_infected_pdf(), name="carte.pdf", scanner=ClamdScanner("127.0.0.1:1", timeout=1))
    assert unscanned.scanned is False
    # The built-in check alone (the demo's) does not know this signature.
    assert inspect_upload(_infected_pdf(), name="carte.pdf").scanned is True


# --- uploads with clamd up ----------------------------------------------------------------------------------


def test_with_clamd_an_infected_upload_is_refused_in_french_and_nothing_is_stored(clamd, owner_client):
    response = _post_identity(owner_client, _infected_pdf(), name="ma carte.pdf")
    assert response.status_code == 400
    assert "Le fichier « ma carte.pdf » a été refusé par le contrôle antivirus" in _text(response)
    assert storage_files() == []
    assert not PieceFile.objects.exists()


def test_with_clamd_a_clean_upload_is_available_at_once(clamd, owner_client):
    response = _post_identity(owner_client, files.text_pdf())
    assert "Pièce enregistrée" in _text(response)
    stored = PieceFile.objects.get()
    assert stored.scan == PieceFile.Scan.CLEAN
    assert not stored.storage_name.startswith("quarantine/")
    assert owner_client.get(reverse("documents:file_download", args=[stored.pk])).status_code == 200


# --- clamd down: quarantine ---------------------------------------------------------------------------------


def test_with_clamd_down_the_upload_waits_in_quarantine_and_nobody_can_open_it(
    clamd_down, owner_client, application, agent, client
):
    response = _post_identity(owner_client, files.text_pdf(), name="carte.pdf")
    page = _text(response)
    assert response.status_code == 200
    assert "en cours de vérification par l'antivirus" in page
    assert "En cours de vérification" in page  # the badge of the piece
    stored = PieceFile.objects.get()
    assert stored.scan == PieceFile.Scan.PENDING
    assert stored.storage_name.startswith("quarantine/")
    download = reverse("documents:file_download", args=[stored.pk])
    assert download not in page
    assert owner_client.get(download).status_code == 404
    client.force_login(agent)
    assert client.get(download).status_code == 404
    identity = next(entry for entry in pieces_for_application(application) if entry.item.kind == "identity")
    assert identity.status == "checking"


def test_the_quarantine_waits_while_clamd_is_down_and_clears_when_it_is_back(
    clamd_down, settings, owner_client, clamd_server, django_capture_on_commit_callbacks
):
    _post_identity(owner_client, files.text_pdf())
    report = quarantine_scan()
    assert (report.clean, report.waiting) == (0, 1)
    assert "injoignable" in str(report)
    assert PieceFile.objects.get().scan == PieceFile.Scan.PENDING

    settings.CLAMD_ADDRESS = clamd_server.socket_path  # clamd is back
    with django_capture_on_commit_callbacks(execute=True):
        report = quarantine_scan()
    assert (report.clean, report.infected, report.waiting) == (1, 0, 0)
    released = PieceFile.objects.get()
    assert released.scan == PieceFile.Scan.CLEAN
    assert not released.storage_name.startswith("quarantine/")
    assert [path.parent.name for path in storage_files()] == [released.storage_name.split("/")[0]]
    response = owner_client.get(reverse("documents:file_download", args=[released.pk]))
    assert response.status_code == 200
    assert b"".join(response) == files.text_pdf()
    # Run again: nothing left to do.
    assert (quarantine_scan().clean, PieceFile.objects.get().storage_name) == (0, released.storage_name)


def test_an_infected_file_found_in_quarantine_is_erased_and_the_applicant_told(
    clamd_down, settings, demand, clamd_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = piece_upload(
            demand=demand,
            kind="identity",
            variant="cni",
            uploads=[Upload("carte.pdf", _infected_pdf()), Upload("verso.png", files.png())],
            by=demand.owner,
        )
    assert PieceFile.objects.filter(scan=PieceFile.Scan.PENDING).count() == 2
    settings.CLAMD_ADDRESS = clamd_server.tcp_address
    with django_capture_on_commit_callbacks(execute=True):
        report = quarantine_scan()
    assert (report.infected, report.waiting) == (1, 0)
    version = PieceVersion.objects.get(pk=version.pk)
    assert version.superseded_at is not None  # the piece is to be sent again
    assert all(file.erased_at for file in version.files.all())
    # The PDF carried the signature; the image of the same version goes with it, without being called infected.
    assert {f.original_name: f.scan for f in version.files.all()} == {"carte.pdf": "infected", "verso.png": "pending"}
    assert storage_files() == []
    [message] = mail.outbox
    assert message.to == [demand.owner.email]
    assert "refusée par le contrôle antivirus" in message.body
    assert f"« {version.piece.label} »" in message.subject


def test_scan_quarantine_command_fails_loudly_while_files_wait_and_clamd_is_down(clamd_down, owner_client, capsys):
    _post_identity(owner_client, files.text_pdf())
    with pytest.raises(SystemExit, match="1") as stopped:
        call_command("scan_quarantine")
    assert stopped.value.code == 1
    assert "1 fichier reste en quarantaine" in capsys.readouterr().err


def test_scan_quarantine_command_releases_the_files(clamd_down, settings, owner_client, clamd_server, capsys):
    _post_identity(owner_client, files.text_pdf())
    settings.CLAMD_ADDRESS = clamd_server.socket_path
    call_command("scan_quarantine")
    assert "1 fichier sain libéré" in capsys.readouterr().out
    assert document_storage().exists(PieceFile.objects.get().storage_name)
