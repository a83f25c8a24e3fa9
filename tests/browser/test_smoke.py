import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium_with_bootstrap(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Un logement social")
    # Bootstrap's stylesheet is served by the platform itself (no CDN): the navbar is styled.
    display = page.eval_on_selector(".navbar", "el => getComputedStyle(el).display")
    assert display == "flex"


def test_a_long_text_shows_the_characters_left_as_it_is_typed(page):
    """issue #15: long texts were cut silently at the browser's limit; the server refuses more on its own
    (tests/contact/test_desk.py)."""
    import re

    from playwright.sync_api import expect

    page.goto("/contact/")
    message = page.get_by_label(re.compile(r"^\s*Votre message"))
    counter = page.locator(".char-count").first
    expect(counter).to_have_text(re.compile(r"^Il reste 10\s000 caractères sur 10\s000$"))
    expect(counter).to_have_attribute("aria-live", "polite")
    assert counter.get_attribute("id") in (message.get_attribute("aria-describedby") or "")
    message.fill("Bonjour")
    expect(counter).to_have_text(re.compile(r"^Il reste 9\s993 caractères sur 10\s000$"))
