"""The error pages, in French (config/urls.py: handler400 ... handler500; CSRF_FAILURE_VIEW).

None of them reads the database or the session: the 500 page must render when the database is what failed. A
database that cannot be reached (connection refused, restart, lost connection) is not a bug of the page: the
person gets the 503 page with Retry-After, and the next request reconnects by itself (CONN_HEALTH_CHECKS).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

from logis.ops import requestid

RETRY_AFTER_SECONDS = 5


def _render(template: str, status: int, **context) -> HttpResponse:
    context["request_id"] = requestid.current()
    body = loader.get_template(f"errors/{template}").render(context)
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def bad_request(request, exception=None):
    return _render("400.html", 400)


def permission_denied(request, exception=None):
    return _render("403.html", 403, csrf_failure=False)


def csrf_failure(request, reason=""):
    return _render("403.html", 403, csrf_failure=True)


def page_not_found(request, exception=None):
    return _render("404.html", 404)


def unavailable(request, *, maintenance: bool = False) -> HttpResponse:
    response = _render("503.html", 503, maintenance=maintenance)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS if not maintenance else 120)
    response["Cache-Control"] = "no-store"
    return response


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    if database_unavailable(sys.exc_info()[1]):
        return unavailable(request)
    return _render("500.html", 500)
