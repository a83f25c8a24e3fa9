from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "logis.eligibility"
    verbose_name = "Éligibilité"
    label = "eligibility"
