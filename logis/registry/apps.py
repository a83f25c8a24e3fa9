from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "logis.registry"
    verbose_name = "Registre des demandes (SNE)"
    label = "registry"
