import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(scope="session")
def clamd_server():
    """A private clamd on a local signature database (tests/private_services.py), for the whole session."""
    from tests.private_services import start_clamd, stop_clamd

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
