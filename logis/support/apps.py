from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "logis.support"
    label = "support"
    verbose_name = "Accompagnement social"
