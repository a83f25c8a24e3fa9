from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "logis.documents"
    label = "documents"
