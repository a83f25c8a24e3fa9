from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "logis.core"
    label = "core"
