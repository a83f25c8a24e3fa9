from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "logis.demands"
    verbose_name = "Demandes importées"
    label = "demands"
