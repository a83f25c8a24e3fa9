from django.apps import AppConfig


class CommissionConfig(AppConfig):
    name = "logis.commission"
    verbose_name = "Commissions d'attribution (CALEOL)"
    label = "commission"
