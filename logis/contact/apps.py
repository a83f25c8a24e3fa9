from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "logis.contact"
    label = "contact"
    verbose_name = "Contacter l'équipe"
