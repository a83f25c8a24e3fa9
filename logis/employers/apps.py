from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "logis.employers"
    label = "employers"
