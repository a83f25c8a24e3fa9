from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "logis.applications"
    label = "applications"
