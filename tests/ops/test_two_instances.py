"""Acceptance: two gunicorn instances on two ports, sharing the database, Redis and the documents' storage, serve
one session alternately: sign in on one, upload on the other, download on the first; a login limit counts across
both."""

import html
import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from logis.documents.models import PieceFile
from tests.documents import files
from tests.factories import PASSWORD, DemandFactory, UserFactory
from tests.support.services import (
    RedisServer,
    free_port,
    logis_env,
    require_postgresql,
    start_gunicorn,
    stop_process,
)


class Browser:
    """One person's browser: one cookie jar for both instances (cookies do not depend on the port).

    Every request names the same host, as nginx does for every instance behind it (`proxy_set_header Host`):
    allauth keys its login limits by site and address, and the site is the Host header.
    """

    HOST = "logis.test"

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def get(self, url):
        return self._open(urllib.request.Request(url, headers={"Host": self.HOST}))  # noqa: S310 (loopback)

    def post(self, url, data, *, multipart=False):
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        data = {"csrfmiddlewaretoken": token, **data}
        if multipart:
            body, content_type = encode_multipart(BOUNDARY, data), MULTIPART_CONTENT
        else:
            body, content_type = urllib.parse.urlencode(data, doseq=True).encode(), "application/x-www-form-urlencoded"
        request = urllib.request.Request(url, data=body, headers={"Content-Type": content_type, "Host": self.HOST})  # noqa: S310
        return self._open(request)

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def two_instances(transactional_db, tmp_path):
    require_postgresql()
    redis = RedisServer(tmp_path / "redis").start()
    env = logis_env(
        CACHE_URL=f"{redis.url}/1",
        CELERY_TASK_ALWAYS_EAGER="true",
        MEDIA_ROOT=tmp_path / "private",
        ALLOWED_HOSTS=f"{Browser.HOST},127.0.0.1",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        ACCESS_LOG="false",
    )
    ports = [free_port(), free_port()]
    processes = []
    try:
        for port in ports:
            processes.append(start_gunicorn(env, tmp_path / "web", port))
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            stop_process(process)
        redis.stop()


def _sign_in(browser, base, email, password):
    browser.get(f"{base}/compte/login/")
    return browser.post(f"{base}/compte/login/", {"login": email, "password": password})


def test_one_session_served_alternately_by_two_instances(two_instances):
    first, second = two_instances
    demand = DemandFactory(with_information=True)
    browser = Browser()

    status, headers, _ = _sign_in(browser, first, demand.owner.email, PASSWORD)
    assert status == 302, "signed in on the first instance"

    upload_page = f"{second}/mon-dossier/pieces/tax_notice/deposer/?personne=demandeur"
    assert browser.get(upload_page)[0] == 200  # the second instance knows the session
    pdf = files.text_pdf("Avis 2025")
    status, _, _ = browser.post(
        upload_page, {"files": [SimpleUploadedFile("avis.pdf", pdf, "application/pdf")]}, multipart=True
    )
    assert status == 302, "uploaded on the second instance"

    stored = PieceFile.objects.get(version__piece__demand=demand)
    status, headers, body = browser.get(f"{first}/mon-dossier/fichiers/{stored.pk}/")
    assert status == 200, "downloaded on the first instance, from the storage the second wrote to"
    assert headers["Content-Type"] == "application/pdf"
    assert body.startswith(b"%PDF")


def test_the_login_limit_counts_the_failures_on_both_instances(two_instances):
    first, second = two_instances
    user = UserFactory(email="camille@exemple.fr")
    browser = Browser()

    for attempt in range(3):  # Logis: 3 failures per (account, address) pair, then growing delays (accounts.throttle)
        status, _, body = _sign_in(browser, (first, second)[attempt % 2], user.email, "pas-le-bon")
        assert status == 200
        assert "L'adresse e-mail ou le mot de passe est incorrect" in html.unescape(body.decode())

    status, _, body = _sign_in(browser, second, user.email, PASSWORD)  # right password, but too many failures

    assert status in (200, 429)
    assert re.search("Trop de tentatives", html.unescape(body.decode()))
