import pytest

from tests.factories import CommuneFactory


@pytest.fixture
def lyon(db):
    return CommuneFactory()


@pytest.fixture
def villeurbanne(db):
    return CommuneFactory(villeurbanne=True)


@pytest.fixture
def paris(db):
    return CommuneFactory(paris=True)
