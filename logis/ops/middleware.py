"""Request id and access log (first middleware), maintenance mode (503 page)."""

import logging
import time
from pathlib import Path

from django.conf import settings

from logis.ops import errors, logs, requestid

access_logger = logging.getLogger("logis.access")


class RequestIdMiddleware:
    """Gives the request its id (X-Request-ID in and out) and writes one access line when it is answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id, token = requestid.start(request.headers.get("X-Request-ID"))
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            # The line is an INFO record: LOG_LEVEL (or ACCESS_LOG_LEVEL) above INFO skips it, and its arguments.
            if settings.ACCESS_LOG and access_logger.isEnabledFor(logging.INFO):
                user = getattr(request, "_cached_user", None)  # never loads the user for the log
                access_logger.info(
                    "%s %s %s",
                    request.method,
                    logs.redact(request.path),
                    response.status_code,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "user_id": user.pk if user is not None and user.is_authenticated else None,
                    },
                )
            return response
        finally:
            requestid.end(token)


class MaintenanceMiddleware:
    """While MAINTENANCE_MODE is on, or the file MAINTENANCE_FILE exists, every page answers the maintenance page
    (503, Retry-After); the health endpoints still answer, so that the operator sees the processes alive."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/sante/") and self.in_maintenance():
            return errors.unavailable(request, maintenance=True)
        return self.get_response(request)

    @staticmethod
    def in_maintenance() -> bool:
        if settings.MAINTENANCE_MODE:
            return True
        return bool(settings.MAINTENANCE_FILE) and Path(settings.MAINTENANCE_FILE).exists()


class NulCharacterMiddleware:
    """An address or a query string holding a NUL character (%00) answers the 400 page: PostgreSQL can neither store
    nor compare it, so a token or a filter holding one would otherwise end in a server error (found by
    tests/security/test_fuzz_paths.py). Form fields refuse it already (Django's ProhibitNullCharactersValidator); the
    API answers its own problem (logis.api.middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and (
            "\x00" in request.path
            or any("\x00" in name or any("\x00" in value for value in values) for name, values in request.GET.lists())
        ):
            return errors.bad_request(request)
        return self.get_response(request)
