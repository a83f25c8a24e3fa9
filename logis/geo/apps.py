from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "logis.geo"
    label = "geo"
    verbose_name = "Géographie"
