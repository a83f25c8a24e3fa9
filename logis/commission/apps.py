from django.apps import AppConfig


class CommissionConfig(AppConfig):
    name = "logis.commission"
    label = "commission"
