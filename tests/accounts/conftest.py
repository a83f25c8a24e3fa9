import pytest


@pytest.fixture
def client():
    """The accounts' e-mails (confirmation, reset) leave through the outbox once the request commits."""
    from tests.clients import CommittingClient

    return CommittingClient()
