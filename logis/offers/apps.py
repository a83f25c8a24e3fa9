from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "logis.offers"
    label = "offers"
    verbose_name = "Offres de logement"
