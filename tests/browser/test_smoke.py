import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium_with_bootstrap(page):
    page.goto("/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Un logement social")
    # Bootstrap's stylesheet is served by the platform itself (no CDN): the navbar is styled.
    display = page.eval_on_selector(".navbar", "el => getComputedStyle(el).display")
    assert display == "flex"
