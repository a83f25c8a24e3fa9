"""Error reporting with sentry-sdk (read by config/settings.py when SENTRY_DSN is set).

Nothing personal leaves: no cookies, headers, query strings, bodies or local variables, the user as an id only;
messages are masked like the logs (logis.ops.logs.redact). Each event carries the request id of the logs.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from logis.ops import requestid
from logis.ops.logs import redact


def _scrub(event, hint):
    request = event.get("request")
    if request:
        event["request"] = {"method": request.get("method"), "url": redact(str(request.get("url", "")))}
    user = event.get("user")
    if user:
        event["user"] = {"id": user.get("id")} if user.get("id") else {}
    for value in event.get("exception", {}).get("values", []):
        if value.get("value"):
            value["value"] = redact(value["value"])
    if isinstance(event.get("logentry"), dict):
        for field in ("message", "formatted"):
            if event["logentry"].get(field):
                event["logentry"][field] = redact(event["logentry"][field])
        event["logentry"].pop("params", None)
    if event.get("message"):
        event["message"] = redact(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict):
        for crumb in breadcrumbs.get("values", []):
            if crumb.get("message"):
                crumb["message"] = redact(crumb["message"])
            crumb.pop("data", None)
    request_id = requestid.current()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(*, dsn: str, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        integrations=[DjangoIntegration(), CeleryIntegration(), LoggingIntegration()],
        before_send=_scrub,
    )
