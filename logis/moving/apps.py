from django.apps import AppConfig


class MovingConfig(AppConfig):
    name = "logis.moving"
    verbose_name = "Guide du déménagement"
