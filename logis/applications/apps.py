from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "logis.applications"
    verbose_name = "Candidatures"
    label = "applications"
