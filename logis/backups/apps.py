from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "logis.backups"
    verbose_name = "Sauvegardes"
