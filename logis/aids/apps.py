from django.apps import AppConfig


class AidsConfig(AppConfig):
    name = "logis.aids"
    verbose_name = "Aides et prêts"
