"""The request id: one per request (or the one the proxy sent, X-Request-ID), in every log line and error page."""

import contextvars
import re
import uuid

_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("logis_request_id", default=None)
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current() -> str | None:
    return _request_id.get()


def start(incoming: str | None) -> tuple[str, contextvars.Token]:
    """A well-formed id from the proxy is kept (one id across nginx and Logis); anything else is replaced."""
    request_id = incoming if incoming and _VALID.match(incoming) else uuid.uuid4().hex
    return request_id, _request_id.set(request_id)


def end(token: contextvars.Token) -> None:
    _request_id.reset(token)
