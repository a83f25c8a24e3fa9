"""Scheduled job of the documents, run daily by Celery beat (also `manage.py purge_documents`, e.g. from cron)."""

import logging

from celery import shared_task

from logis.documents.services import documents_purge, orphan_files_purge

logger = logging.getLogger(__name__)


@shared_task(name="documents.purge_documents", ignore_result=True)
def purge_documents() -> dict[str, int]:
    """Erase the documents of demands ended more than a year ago, and stray files. Safe twice."""

    erased = documents_purge()
    counts = {"pieces": sum(line.pieces for line in erased), "files": sum(line.files for line in erased)}
    counts["files"] += len(orphan_files_purge())
    logger.info("purge_documents: %(pieces)s piece(s), %(files)s file(s) erased", counts)
    return counts
