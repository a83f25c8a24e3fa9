from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "logis.registry"
    label = "registry"
