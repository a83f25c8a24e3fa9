from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "logis.audit"
    label = "audit"
    verbose_name = "Journal des consultations"
