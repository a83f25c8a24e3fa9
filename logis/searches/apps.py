from django.apps import AppConfig


class SearchesConfig(AppConfig):
    name = "logis.searches"
    label = "searches"
    verbose_name = "Recherches enregistrées, alertes et favoris"
