from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The top of the platform: the home page and each person's dashboard, which gather what every app shows.
    It may import any app; no app imports it."""

    name = "logis.home"
    label = "home"
    verbose_name = "Accueil et tableau de bord"
