from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "logis.privacy"
    label = "privacy"
    verbose_name = "Mes données (RGPD)"
