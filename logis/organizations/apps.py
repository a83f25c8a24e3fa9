from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "logis.organizations"
    label = "organizations"
