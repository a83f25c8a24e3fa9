from django.apps import AppConfig


class EligibilityConfig(AppConfig):
    name = "logis.eligibility"
    label = "eligibility"
