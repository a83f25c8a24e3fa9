import pytest


@pytest.fixture
def client():
    """E-mails leave through the outbox once the request commits."""
    from tests.clients import CommittingClient

    return CommittingClient()
