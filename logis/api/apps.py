from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "logis.api"
    label = "api"
    verbose_name = "API des partenaires"
