from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Logis as a service: health endpoints, error pages, request ids and structured logs."""

    name = "logis.ops"
    verbose_name = "Exploitation"
    label = "ops"
