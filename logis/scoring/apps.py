from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "logis.scoring"
    label = "scoring"
