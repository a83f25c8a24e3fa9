from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "logis.employers"
    verbose_name = "Employeurs"
    label = "employers"
