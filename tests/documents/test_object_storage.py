"""The documents in a private bucket of an S3-compatible object storage (django-storages), against a real S3 server
(moto in server mode, started by the suite): the same uploads, downloads and erasures as on the file system."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from logis.audit.models import SensitiveRead
from logis.documents.models import PieceFile
from logis.documents.services import orphan_files_purge, quarantine_scan
from logis.documents.storage import PrivateS3DocumentStorage, document_storage
from tests.documents import files
from tests.documents.conftest import storage_files
from tests.support.documents_services import free_port

pytestmark = pytest.mark.django_db


def _keys(client, bucket) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", []))


def _upload(client, content: bytes, name="avis.pdf"):
    return client.post(
        reverse("documents:upload", args=["tax_notice"]) + "?personne=demandeur",
        {"files": [SimpleUploadedFile(name, content, "application/pdf")]},
    )


@pytest.fixture
def owner_client(client, demand):
    client.force_login(demand.owner)
    return client


def test_an_upload_goes_to_the_bucket_as_a_private_object_and_nothing_to_the_disk(
    s3_documents, settings, owner_client
):
    s3, bucket = s3_documents
    # An operator's mistake in the options does not make the documents public.
    settings.STORAGES["documents"]["OPTIONS"]["default_acl"] = "public-read"
    settings.STORAGES = {**settings.STORAGES}
    assert _upload(owner_client, files.text_pdf()).status_code == 302
    stored = PieceFile.objects.get()
    assert _keys(s3, bucket) == [stored.storage_name]
    assert storage_files() == []
    body = s3.get_object(Bucket=bucket, Key=stored.storage_name)["Body"].read()
    assert body == files.text_pdf()
    grants = s3.get_object_acl(Bucket=bucket, Key=stored.storage_name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]  # the owner alone: no public read
    assert all("URI" not in grant["Grantee"] for grant in grants)


def test_the_download_still_goes_through_the_checked_and_logged_view(s3_documents, owner_client, agent, client):
    _upload(owner_client, files.text_pdf())
    stored = PieceFile.objects.get()
    url = reverse("documents:file_download", args=[stored.pk])
    response = owner_client.get(url)
    assert response.status_code == 200
    assert response.content == files.text_pdf()
    assert SensitiveRead.objects.filter(what__endswith="fichier 1").count() == 1
    client.force_login(agent)  # an agent of a landlord the applicant did not apply to
    assert client.get(url).status_code == 404


def test_the_storage_gives_no_url_signed_or_not(s3_documents):
    storage = document_storage()
    assert isinstance(storage, PrivateS3DocumentStorage)
    with pytest.raises(ValueError, match="no public URL"):
        storage.url("ab/whatever.pdf")
    assert storage.default_acl == "private"


def test_an_acl_in_the_options_cannot_make_the_objects_public(s3_server):
    storage = PrivateS3DocumentStorage(bucket_name="x", endpoint_url=s3_server.endpoint_url, default_acl="public-read")
    assert (storage.default_acl, storage.file_overwrite) == ("private", False)


def test_a_replaced_piece_leaves_the_bucket_after_commit(
    s3_documents, owner_client, django_capture_on_commit_callbacks
):
    s3, bucket = s3_documents
    with django_capture_on_commit_callbacks(execute=True):
        _upload(owner_client, files.text_pdf("premier"))
    first = PieceFile.objects.get().storage_name
    with django_capture_on_commit_callbacks(execute=True):
        _upload(owner_client, files.text_pdf("second"))
    current = PieceFile.objects.get(erased_at=None).storage_name
    assert _keys(s3, bucket) == [current]
    assert current != first


def test_the_orphan_purge_walks_the_bucket(s3_documents, owner_client):
    s3, bucket = s3_documents
    _upload(owner_client, files.text_pdf())
    kept = PieceFile.objects.get().storage_name
    s3.put_object(Bucket=bucket, Key="zz/orphan.pdf", Body=b"%PDF-1.4 stray")
    later = timezone.now() + dt.timedelta(days=1)
    assert orphan_files_purge(now=later) == ["zz/orphan.pdf"]
    assert _keys(s3, bucket) == [kept]


def test_a_quarantined_upload_is_released_within_the_bucket(
    s3_documents, settings, owner_client, clamd_server, django_capture_on_commit_callbacks
):
    s3, bucket = s3_documents
    settings.ANTIVIRUS_BACKEND = "clamd"
    settings.CLAMD_ADDRESS = f"127.0.0.1:{free_port()}"  # down
    settings.CLAMD_TIMEOUT = 2
    _upload(owner_client, files.text_pdf())
    assert [key.split("/")[0] for key in _keys(s3, bucket)] == ["quarantine"]
    settings.CLAMD_ADDRESS = clamd_server.socket_path
    with django_capture_on_commit_callbacks(execute=True):
        assert quarantine_scan().clean == 1
    assert _keys(s3, bucket) == [PieceFile.objects.get().storage_name]
    assert owner_client.get(reverse("documents:file_download", args=[PieceFile.objects.get().pk])).status_code == 200


def test_the_environment_of_env_example_selects_the_bucket(s3_documents, s3_server):
    """DOCUMENTS_STORAGE=s3 and the DOCUMENTS_S3_* variables, as .env.example documents them, in a new process."""
    s3, bucket = s3_documents
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "x",
        "DOCUMENTS_STORAGE": "s3",
        "DOCUMENTS_S3_BUCKET": bucket,
        "DOCUMENTS_S3_ENDPOINT_URL": s3_server.endpoint_url,
        "DOCUMENTS_S3_REGION": "eu-west-3",
        "DOCUMENTS_S3_ACCESS_KEY_ID": "logis-test",
        "DOCUMENTS_S3_SECRET_ACCESS_KEY": "logis-test-secret",
        "DOCUMENTS_S3_PREFIX": "prod",
    }
    code = (
        "from django.core.files.base import ContentFile; from logis.documents.storage import document_storage; "
        "print(type(document_storage()).__name__, document_storage().save('ab/c.pdf', ContentFile(b'x')))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["PrivateS3DocumentStorage", "ab/c.pdf"]
    assert _keys(s3, bucket) == ["prod/ab/c.pdf"]
