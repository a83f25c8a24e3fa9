"""Playwright driving Debian's Chromium (/usr/bin/chromium): never `playwright install`.

The live server runs in a thread of the test process, so the test reads the e-mails the platform sends from
django.core.mail.outbox, exactly as a person would read them in their mailbox.

Every browser context a test opens (the `page` fixture's or its own with `browser.new_context(...)`) is watched by
tests/browser/pagecheck.py: each page state the test visits is run through axe-core and checked for sideways
scrolling, and the test fails on any problem with the rule id, the target selector and the page's address.
"""

import os
import shutil

import pytest

from tests.browser.pagecheck import AXE_PATH, CheckingSync, PageChecker

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


class CheckedBrowser:
    """The Playwright browser, whose new contexts are watched by the current test's PageChecker."""

    def __init__(self, browser):
        self._browser = browser
        self.hook = CheckingSync()

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        if self.hook.checker is not None:
            self.hook.checker.attach(context)
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's Chromium (apt-get install chromium); looked for {CHROMIUM}")
    if not AXE_PATH.exists():
        pytest.fail(f"The browser tests run axe-core from npm: `make setup` installs it; looked for {AXE_PATH}")
    # Playwright runs an event loop in this thread; let the test's own ORM calls through Django's async check.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        checked = CheckedBrowser(browser)
        checked.hook.install()
        yield checked
        checked.hook.uninstall()
        browser.close()


@pytest.fixture(autouse=True)
def page_checker(request, browser):
    """Watches the contexts this test opens; the test fails (in pytest_runtest_call below) on any problem met."""
    checker = PageChecker()
    browser.hook.checker = checker
    request.node.page_checker = checker
    yield checker
    browser.hook.checker = None
    for context in list(checker.contexts):  # a test that failed midway leaves its contexts open
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    checker = getattr(item, "page_checker", None)
    if checker is not None:
        checker.finish()
    return result


def new_context(browser, live_server, *, phone: bool = False, **options):
    """A French browser context on the live server (a desktop, or a 390 px wide phone with phone=True)."""
    settings_options = {"locale": "fr-FR", "base_url": live_server.url}
    settings_options.update(PHONE if phone else {"viewport": {"width": 1280, "height": 900}})
    settings_options.update(options)
    context = browser.new_context(**settings_options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, live_server, settings):
    settings.ALLOWED_HOSTS = ["*"]
    settings.SITE_URL = live_server.url
    context = new_context(browser, live_server)
    page = context.new_page()
    # The Content-Security-Policy forbids inline code (issue #12): any violation on any page fails the test.
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    context.close()
    assert not violations, violations
