from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "logis.documents"
    label = "documents"
    verbose_name = "Dossiers des demandeurs"
