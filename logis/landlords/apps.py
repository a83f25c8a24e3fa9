from django.apps import AppConfig


class LandlordsConfig(AppConfig):
    name = "logis.landlords"
    label = "landlords"
