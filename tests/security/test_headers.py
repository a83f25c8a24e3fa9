"""Headers of every page: a CSP without inline code, Permissions-Policy, HSTS and the HTTPS redirect from the
environment; professionals signed out when idle."""

import html
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse

from logis.accounts.security import IDLE_KEY
from tests.factories import DemandFactory, MembershipFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "logis" / "templates"
# Rendered to PDF by WeasyPrint, never served to a browser.
PDF_TEMPLATES = {"commission/minutes_pdf.html", "documents/summary_pdf.html", "documents/watermark.html"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("name", ["home:index", "account_login", "eligibility:ceilings", "employers:signup"])
def test_public_pages_carry_a_csp_without_unsafe_inline(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_no_served_template_has_inline_script_style_or_handler():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        relative = path.relative_to(TEMPLATES).as_posix()
        if relative in PDF_TEMPLATES or relative.startswith("account/email/") or "/email/" in relative:
            continue
        text = path.read_text()
        if INLINE_SCRIPT.search(text) or "<style" in text or " style=" in text or INLINE_HANDLER.search(text):
            offenders.append(relative)
    assert not offenders


def test_the_check_catches_an_inline_script():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert INLINE_HANDLER.search('<button onclick="x()">')


def test_the_https_redirect_and_hsts_come_from_the_settings(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("home:index"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get(reverse("home:index"), secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_and_redirect_are_read_from_the_environment():
    import os
    import subprocess
    import sys

    env = {**os.environ, "SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "600", "SECRET_KEY": "x"}
    code = "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT, settings.SECURE_HSTS_SECONDS)"
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.split() == ["True", "600"]


def _idle(client, user, minutes: int):
    client.force_login(user)
    session = client.session
    session[IDLE_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_an_idle_professional_is_signed_out_with_a_message(client, settings):
    settings.LOGIS_PROFESSIONAL_IDLE_MINUTES = 30
    agent = MembershipFactory().user
    _idle(client, agent, 31)
    response = client.get(reverse("landlords:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "30 minutes d'inactivité" in page


def test_an_active_professional_stays_signed_in(client, settings):
    settings.LOGIS_PROFESSIONAL_IDLE_MINUTES = 30
    agent = MembershipFactory().user
    _idle(client, agent, 29)
    assert client.get(reverse("landlords:dashboard")).status_code == 200
    assert client.session[IDLE_KEY] >= int(time.time()) - 5


def test_an_applicant_keeps_the_ordinary_session(client, settings):
    settings.LOGIS_PROFESSIONAL_IDLE_MINUTES = 30
    owner = DemandFactory().owner
    _idle(client, owner, 120)
    assert client.get(reverse("home:dashboard")).status_code == 200
