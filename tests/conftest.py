import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(scope="session")
def clamd_server():
    """A private clamd on a local signature database (tests/support/documents_services.py), for the whole session."""
    from tests.support.documents_services import start_clamd, stop_clamd

    server = start_clamd()
    yield server
    stop_clamd(server)


@pytest.fixture
def clamd(settings, clamd_server):
    """The uploads of this test are scanned by the private clamd."""
    settings.ANTIVIRUS_BACKEND = "clamd"
    settings.CLAMD_ADDRESS = clamd_server.socket_path
    settings.CLAMD_TIMEOUT = 10
    return clamd_server


@pytest.fixture(scope="session")
def s3_server():
    """A private S3-compatible server (moto in server mode) on a free port, for the whole session."""
    from tests.support.documents_services import start_s3_server, stop_s3_server

    server = start_s3_server()
    yield server
    stop_s3_server(server)


@pytest.fixture
def s3_documents(settings, s3_server):
    """The documents of this test live in a new private bucket of the S3 server; returns (boto3 client, bucket)."""
    import uuid

    import boto3

    bucket = f"logis-documents-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "logis-test", "aws_secret_access_key": "logis-test-secret"}
    client = boto3.client("s3", endpoint_url=s3_server.endpoint_url, region_name="eu-west-3", **credentials)
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "logis.documents.storage.PrivateS3DocumentStorage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server.endpoint_url,
                "region_name": "eu-west-3",
                "access_key": credentials["aws_access_key_id"],
                "secret_key": credentials["aws_secret_access_key"],
            },
        },
    }
    yield client, bucket
    client.close()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The sign-in, import and allauth budgets live in the cache: each test starts with its own."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["template_fragments"].clear()  # a test that changes the settings or the URLs sees its own menus
    yield
    cache.clear()


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser, with the second factor the Logis team must have (issue #12)."""
    from tests.factories import add_mfa

    add_mfa(admin_user)
    return admin_user
