from django.apps import AppConfig


class ScoringConfig(AppConfig):
    name = "logis.scoring"
    verbose_name = "Cotation"
    label = "scoring"

    def ready(self):
        from logis.scoring import invalidation

        invalidation.connect()
