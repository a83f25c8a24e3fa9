"""The checks every browser test runs on each page state (tests/browser/pagecheck.py) see what they must."""

import pytest

from tests.browser.conftest import new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAULTY = """<!DOCTYPE html><html lang="fr"><head><title>Essai</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main>
<h1>Essai</h1>
<div style="background:#d1e7dd"><button id="pale" style="color:#dc3545;background:transparent">Refuser</button></div>
<dl><dt>Document :</dt><dd>Passeport</dd><br></dl>
<table id="wide"><tr><td style="min-width:600px">Une colonne trop large pour un téléphone</td></tr></table>
<img src="/static/absent.png" alt="absent">
</main></body></html>"""


def test_a_faulty_state_is_reported_with_rule_target_address_and_overflow(browser, live_server, page_checker):
    context = new_context(browser, live_server, phone=True)
    page = context.new_page()
    address = f"{live_server.url}/essai-de-controle/"
    page.route(address, lambda route: route.fulfill(status=200, content_type="text/html", body=FAULTY))
    page.goto(address)
    page_checker.check_all("the self-test")
    report = "\n".join(page_checker.problems)
    page_checker.problems.clear()  # the problems were planted: the test must not fail on them
    context.close()

    assert f"- {address} (390×844, before the self-test)" in report
    assert "axe color-contrast (serious)" in report
    assert "target #pale" in report
    assert "axe definition-list" in report
    assert "scrolls sideways" in report
    assert "table#wide" in report
    assert f"the image {live_server.url}/static/absent.png answered 404" in report


def test_a_state_is_checked_again_only_once_it_changed(browser, live_server, page_checker):
    context = new_context(browser, live_server)
    page = context.new_page()
    page.goto("/")
    page_checker.check_all("first look")
    checked = len(page_checker.checked)
    page_checker.check_all("second look, nothing changed")
    assert len(page_checker.checked) == checked
    page.evaluate("document.querySelector('h1').textContent = 'Un titre changé'")
    page_checker.check_all("after a change")
    assert len(page_checker.checked) == checked + 1
    context.close()
