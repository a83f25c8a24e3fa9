from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "logis.demands"
    label = "demands"
