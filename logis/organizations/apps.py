from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "logis.organizations"
    verbose_name = "Organisations"
    label = "organizations"
