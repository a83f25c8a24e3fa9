from django.apps import AppConfig


class LandlordsConfig(AppConfig):
    name = "logis.landlords"
    verbose_name = "Espace bailleur"
    label = "landlords"
