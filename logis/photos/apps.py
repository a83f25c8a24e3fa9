from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "logis.photos"
    label = "photos"
    verbose_name = "Photos des offres"
