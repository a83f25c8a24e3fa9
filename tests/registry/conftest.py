import pytest

from tests.browser.conftest import browser  # noqa: F401 (fixture shared with the browser tests)
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


@pytest.fixture
def mobile_page(browser, live_server, settings):  # noqa: F811 (the fixture imported above)
    """A phone-sized Chromium page on the live server (the browser fixture comes from tests/browser)."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, base_url=live_server.url
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()
