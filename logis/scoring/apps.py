from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "logis.scoring"
    verbose_name = "Cotation"
    label = "scoring"
