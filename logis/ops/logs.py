"""Structured logs: one JSON object per line, with the request id, and never a sensitive value.

What a log line may carry is decided here, not by each caller: e-mail addresses, values of secret-looking
parameters (password, token, code, key, secret, sessionid, csrf) and long token-like path segments (reset and
invitation links) are masked in the message and in the traceback.
"""

import datetime as dt
import json
import logging
import re

from logis.ops import requestid

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_SECRET_PARAM = re.compile(
    r"(?i)\b(password\d?|passwd|token|code|key|secret|sessionid|csrftoken|csrfmiddlewaretoken|authorization)"
    r"(['\"]?\s*[=:]\s*['\"]?)([^\s&'\",;]+)"
)
# A path segment of 20+ characters that mixes letters and digits: the tokens of reset, confirmation and invitation
# links (/compte/password/reset/key/<uid>-<token>/, /entreprise/invitation/<signed token>/).
_TOKEN_SEGMENT = re.compile(r"(?<=/)(?=[^/\s?#]*\d)(?=[^/\s?#]*[A-Za-z])[A-Za-z0-9:._-]{20,}(?=[/?#\s]|$)")


def redact(text: str) -> str:
    text = _EMAIL.sub("[adresse]", text)
    text = _SECRET_PARAM.sub(lambda m: f"{m.group(1)}{m.group(2)}[masqué]", text)
    return _TOKEN_SEGMENT.sub("[jeton]", text)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = requestid.current()
        return True


# Attributes of every LogRecord: the rest are the `extra` a caller gave (status, duration_ms, ...).
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}
_EXTRA_ALLOWED = (int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": getattr(record, "request_id", None),
        }
        for name, value in vars(record).items():
            # Only numbers and flags from `extra`, and strings once masked: never an object (a request, a user).
            if name in _STANDARD or name.startswith("_"):
                continue
            if isinstance(value, _EXTRA_ALLOWED):
                entry[name] = value
            elif isinstance(value, str):
                entry[name] = redact(value)
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The demo's console: readable lines, masked the same way."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record):
        return redact(super().format(record))
