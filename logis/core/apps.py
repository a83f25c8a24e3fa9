from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    """The base of the platform: what every app may import (form rendering, context processors, template tags,
    the registries of effects and demo sections). It imports no other app of Logis."""

    name = "logis.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        # Each app's effects.py registers what it does after other apps' use cases (logis.core.effects).
        autodiscover_modules("effects")
