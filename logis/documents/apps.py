from django.apps import AppConfig
from django.db.models.signals import post_delete


class DocumentsConfig(AppConfig):
    name = "logis.documents"
    label = "documents"
    verbose_name = "Dossiers des demandeurs"

    def ready(self):
        from logis.documents.models import PieceFile
        from logis.documents.services import erase_file_after_delete

        # Storage hygiene, not a business rule: a file row deleted by any path (account deletion cascading
        # through the demand, admin, purge) takes its stored file with it once the deletion commits.
        post_delete.connect(erase_file_after_delete, sender=PieceFile, dispatch_uid="documents_erase_file")
